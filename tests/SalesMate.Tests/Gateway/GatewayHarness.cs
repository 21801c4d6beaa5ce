using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Gateway;

/// <summary>
/// The gateway as the app registers it (AddSalesMateCore + AddLlmGateway) against a <see cref="FakeOpenAiServer"/> and
/// a fresh, migrated SQLite database with the default tenant. Small timeouts keep fault tests fast; the circuit breaker
/// is effectively off unless a test turns it on.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-test-0123456789abcdefSECRET";
    public const string Model = "gpt-fake";

    private GatewayHarness(FakeOpenAiServer server, TestDatabase database, ServiceProvider services, Guid tenantId)
    {
        Server = server;
        Database = database;
        Services = services;
        TenantId = tenantId;
        Client = services.GetRequiredService<IChatClient>();
    }

    public FakeOpenAiServer Server { get; }
    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }
    public IChatClient Client { get; }
    public Guid TenantId { get; }
    public Guid ConversationId { get; } = Guid.CreateVersion7();
    public RecordingTimeProvider Clock => (RecordingTimeProvider)Services.GetRequiredService<TimeProvider>();

    public static async Task<GatewayHarness> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var server = await FakeOpenAiServer.StartAsync(Model);
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var values = new Dictionary<string, string?>
        {
            ["database:provider"] = database.Provider,
            ["database:connection_string"] = database.ConnectionString,
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = server.BaseUrl.ToString(),
            ["llm:api_key"] = ApiKey,
            ["llm:model"] = Model,
            ["llm:first_token_timeout_seconds"] = "5",
            ["llm:idle_timeout_seconds"] = "5",
            ["llm:total_timeout_seconds"] = "30",
            ["llm:max_retries"] = "2",
            ["llm:retry_base_delay_seconds"] = "0.01",
            ["llm:retry_max_delay_seconds"] = "0.05",
            ["llm:circuit_breaker:minimum_throughput"] = "1000",
            ["llm:prices:gpt-fake:prompt_per_million"] = "2.50",
            ["llm:prices:gpt-fake:completion_per_million"] = "10.00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddSalesMateCore();
        services.AddSingleton<TimeProvider>(new RecordingTimeProvider());
        services.AddLlmGateway();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        Guid tenantId;
        await using (var scope = provider.CreateAsyncScope())
        {
            var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(CancellationToken.None);
            await initializer.EnsureDefaultTenantAsync(CancellationToken.None);
            tenantId = scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId;
        }
        return new GatewayHarness(server, database, provider, tenantId);
    }

    /// <summary>ChatOptions carrying this harness's tenant, conversation and the purpose, as callers must pass them.</summary>
    public ChatOptions Options(string purpose = LlmPurposes.Chat) => new ChatOptions().For(TenantId, ConversationId, purpose);

    public static List<ChatMessage> Ask(string question) =>
        [new(ChatRole.System, "You are a sales assistant."), new(ChatRole.User, question)];

    /// <summary>Reads a stream to its end, or to its exception; returns the text received and the exception (if any).</summary>
    /// <param name="onText">Called with the text so far after each update (e.g. to open a <see cref="FakeOpenAiReply.FaultGate"/>).</param>
    public async Task<(string Text, List<ChatResponseUpdate> Updates, Exception? Error)> StreamAsync(
        string question, ChatOptions? options = null, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in Client.GetStreamingResponseAsync(Ask(question), options ?? Options(), cancellationToken))
            {
                updates.Add(update);
                onText?.Invoke(string.Concat(updates.Select(u => u.Text)));
            }
            return (string.Concat(updates.Select(u => u.Text)), updates, null);
        }
        catch (Exception exception)
        {
            return (string.Concat(updates.Select(u => u.Text)), updates, exception);
        }
    }

    /// <summary>The llm_requests rows of this tenant, oldest first.</summary>
    public async Task<List<LlmRequest>> RowsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var rows = await db.LlmRequests.AsNoTracking().ToListAsync();
        return [.. rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)];
    }

    public async Task<LlmRequest> SingleRowAsync() => (await RowsAsync()).Should().ContainSingle().Subject;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
