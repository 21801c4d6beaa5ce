using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Fakes;

/// <summary>
/// The app over real Kestrel with <c>llm.provider=openai-compatible</c> pointed at a scriptable fake OpenAI server:
/// short timeouts, fast retries, a breaker that never trips and a price table for <c>gpt-fake</c>. Subclasses add
/// the settings their tests are about.
/// </summary>
public abstract class FakeModelFixture(DatabaseKind kind) : IAsyncLifetime
{
    public FakeOpenAiServer Server { get; private set; } = null!;
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The fake server speaks HTTP/2 only (h2c); the app then needs <c>llm:http_version=2</c>.</summary>
    protected virtual bool Http2Only => false;

    /// <summary>Settings added to (or replacing) the fake-model defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Server = await FakeOpenAiServer.StartAsync("gpt-fake", Http2Only);
        var settings = new Dictionary<string, string>
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = Server.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:first_token_timeout_seconds"] = "5",
            ["llm:idle_timeout_seconds"] = "5",
            ["llm:max_retries"] = "1",
            ["llm:retry_base_delay_seconds"] = "0.01",
            ["llm:retry_max_delay_seconds"] = "0.05",
            ["llm:circuit_breaker:minimum_throughput"] = "1000",
            ["llm:prices:gpt-fake:prompt_per_million"] = "2.50",
            ["llm:prices:gpt-fake:completion_per_million"] = "10.00",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), settings);
        Client = Factory.CreateKestrelClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        await Server.DisposeAsync();
    }
}
