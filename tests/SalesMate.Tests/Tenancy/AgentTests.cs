using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.Infrastructure.TestAccounts;

namespace SalesMate.Tests.Tenancy;

/// <summary>The demo tenant (single-tenant mode) answering through a hosted model, faked, so the prompt and model sent can be seen.</summary>
public abstract class AgentAppFixture(DatabaseKind kind) : IAsyncLifetime
{
    public FakeOpenAiServer Server { get; private set; } = null!;
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public TestAccount Admin { get; private set; } = null!;
    public Guid TenantId { get; private set; }

    public async Task InitializeAsync()
    {
        Server = await FakeOpenAiServer.StartAsync("gpt-fake");
        Server.Fallback = FakeOpenAiReply.Text("Here is ", "my answer.");
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), new Dictionary<string, string>
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = Server.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:temperature"] = "0.3",
            ["llm:max_retries"] = "0",
            ["llm:circuit_breaker:minimum_throughput"] = "1000",
        });
        Client = Factory.CreateKestrelClient();
        TenantId = await Factory.TenantIdAsync("demo");
        Admin = await Factory.CreateAccountAsync(TenantId, "admin@demo.test", Roles.TenantAdmin);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class SqliteAgentAppFixture() : AgentAppFixture(DatabaseKind.Sqlite);

public sealed class PostgresAgentAppFixture() : AgentAppFixture(DatabaseKind.Postgres);

/// <summary>Agents per tenant: /a/{agent} picks the agent, whose persona and model settings the conversation then uses.</summary>
public abstract class AgentTests(AgentAppFixture fixture)
{
    private const string SalesVoice = "You are Sam";
    private const string TrainerVoice = "You are Taylor, a sales coach";

    private HttpClient Client => fixture.Client;

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<(string Session, Guid Conversation)> StartAsync(string prefix)
    {
        var start = await SendAsync(Request(HttpMethod.Post, $"{prefix}/api/v1/chat/start", body: new { }));
        return (start.GetProperty("session_token").GetString()!, start.GetProperty("conversation_id").GetGuid());
    }

    /// <summary>Sends a message and returns the request the model received for it.</summary>
    private async Task<FakeOpenAiRequest> AskAsync(string prefix, (string Session, Guid Conversation) chat, string message = "I need a laptop for work")
    {
        var before = fixture.Server.Requests.Count;
        await SendAsync(Request(HttpMethod.Post, $"{prefix}/api/v1/chat/message", session: chat.Session,
            body: new { conversation_id = chat.Conversation, message }));
        fixture.Server.Requests.Count.Should().BeGreaterThan(before);
        return fixture.Server.Requests[^1];
    }

    private static string SystemPrompt(FakeOpenAiRequest request) => request.Messages[0]!["content"]!.GetValue<string>();

    private Task PatchAsync(string url, object body) =>
        SendAsync(Request(HttpMethod.Patch, url, fixture.Admin.Token, body: body));

    [Fact]
    public async Task Trainer_conversations_speak_as_the_coach_and_sales_conversations_as_the_sales_persona()
    {
        var trainer = await AskAsync("/a/trainer", await StartAsync("/a/trainer"));
        SystemPrompt(trainer).Should().Contain(TrainerVoice).And.NotContain(SalesVoice);

        var sales = await AskAsync("/a/sales", await StartAsync("/a/sales"));
        SystemPrompt(sales).Should().Contain(SalesVoice).And.NotContain(TrainerVoice);

        var unprefixed = await AskAsync("", await StartAsync(""));
        SystemPrompt(unprefixed).Should().Contain(SalesVoice, "routes without /a/ use app.default_agent (sales)");
    }

    [Fact]
    public async Task Model_settings_cascade_from_persona_to_agent_to_tenant_to_config()
    {
        try
        {
            (await AskAsync("/a/sales", await StartAsync("/a/sales"))).Model.Should().Be("gpt-fake", "nothing overrides llm.model");

            await PatchAsync("/api/v1/admin/settings", new { model = "tenant-model" });
            await PatchAsync("/api/v1/admin/agents/trainer", new { model = "trainer-model", temperature = 0.9 });

            var trainer = await AskAsync("/a/trainer", await StartAsync("/a/trainer"));
            trainer.Model.Should().Be("trainer-model", "the agent's model wins over the tenant's");
            trainer.Json["temperature"]!.GetValue<double>().Should().BeApproximately(0.9, 0.001);
            var sales = await AskAsync("/a/sales", await StartAsync("/a/sales"));
            sales.Model.Should().Be("tenant-model", "the sales agent has no model of its own");
            sales.Json["temperature"]!.GetValue<double>().Should().BeApproximately(0.3, 0.001);

            await SetTrainerPersonaModelAsync("persona-model");
            (await AskAsync("/a/trainer", await StartAsync("/a/trainer"))).Model.Should().Be("persona-model", "the persona's model wins over the agent's");
        }
        finally
        {
            await SetTrainerPersonaModelAsync(null);
            await PatchAsync("/api/v1/admin/settings", new { model = (string?)null });
            await PatchAsync("/api/v1/admin/agents/trainer", new { model = (string?)null, temperature = (double?)null });
        }
    }

    private Task SetTrainerPersonaModelAsync(string? model) => fixture.Factory.InTenantAsync(fixture.TenantId, async (_, db) =>
        await db.AssistantPersonas.Where(p => p.Code == "sales-trainer").ExecuteUpdateAsync(s => s.SetProperty(p => p.Model, model)));

    [Fact]
    public async Task A_disabled_agent_answers_404_for_new_and_existing_conversations_until_enabled_again()
    {
        var chat = await StartAsync("/a/trainer");
        try
        {
            await PatchAsync("/api/v1/admin/agents/trainer", new { enabled = false });

            var start = await SendAsync(Request(HttpMethod.Post, "/a/trainer/api/v1/chat/start", body: new { }), HttpStatusCode.NotFound);
            start.GetProperty("title").GetString().Should().Be("Agent not found");
            await SendAsync(Request(HttpMethod.Post, "/a/trainer/api/v1/chat/message", session: chat.Session,
                body: new { conversation_id = chat.Conversation, message = "hello?" }), HttpStatusCode.NotFound);
            await SendAsync(Request(HttpMethod.Post, "/api/v1/chat/message", session: chat.Session,
                body: new { conversation_id = chat.Conversation, message = "hello?" }), HttpStatusCode.NotFound);

            var agents = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/agents", fixture.Admin.Token));
            agents.EnumerateArray().Single(a => a.GetProperty("agent").GetString() == "trainer").GetProperty("enabled").GetBoolean().Should().BeFalse();
            var audit = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/audit-log?action=agent.update", fixture.Admin.Token));
            audit.GetProperty("items")[0].GetProperty("target_id").GetString().Should().Be("trainer");
        }
        finally
        {
            await PatchAsync("/api/v1/admin/agents/trainer", new { enabled = true });
        }
        await AskAsync("/a/trainer", chat);
    }

    [Fact]
    public async Task A_conversation_is_only_reachable_under_the_agent_it_was_started_with()
    {
        var trainer = await StartAsync("/a/trainer");

        await SendAsync(Request(HttpMethod.Get, $"/a/sales/api/v1/chat/{trainer.Conversation}/messages", session: trainer.Session), HttpStatusCode.NotFound);
        var salesHistory = await SendAsync(Request(HttpMethod.Get, "/api/v1/chat/history", session: trainer.Session));
        salesHistory.GetProperty("conversations").EnumerateArray().Should().BeEmpty();
        var trainerHistory = await SendAsync(Request(HttpMethod.Get, "/a/trainer/api/v1/chat/history", session: trainer.Session));
        trainerHistory.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).Should().Equal(trainer.Conversation);
    }

    [Fact]
    public async Task The_openai_compatible_api_speaks_for_the_sales_agent_only()
    {
        var key = await SendAsync(Request(HttpMethod.Post, "/api/v1/admin/api-keys", fixture.Admin.Token, body: new { name = "models" }), HttpStatusCode.Created);
        var secret = key.GetProperty("key").GetString()!;

        var models = await SendAsync(Request(HttpMethod.Get, "/v1/models", secret));
        models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString())
            .Should().Contain("salesmate/sales-consultant").And.NotContain("salesmate/sales-trainer");
        using var trainerModel = await Client.SendAsync(Request(HttpMethod.Get, "/v1/models/salesmate/sales-trainer", secret));
        trainerModel.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("trainer", """{"retrieval_namespace": "acme/trainer"}""", "retrieval_namespace must start with 'demo/'")]
    [InlineData("trainer", """{"persona_code": "no-such-persona"}""", "no assistant persona 'no-such-persona'")]
    [InlineData("sales", """{"temperature": 5, "max_tokens": 0}""", "temperature must be a number from 0 to 2")]
    [InlineData("sales", """{"enabled": null}""", "enabled must be true or false")]
    [InlineData("sales", """{"voice": "deep"}""", "voice is not a setting")]
    public async Task Agent_changes_are_validated_with_a_problem_naming_the_field(string agent, string patch, string error)
    {
        using var request = Request(HttpMethod.Patch, $"/api/v1/admin/agents/{agent}", fixture.Admin.Token);
        request.Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain(error);
    }

    [Fact]
    public async Task An_unknown_agent_cannot_be_configured()
    {
        await SendAsync(Request(HttpMethod.Patch, "/api/v1/admin/agents/closer", fixture.Admin.Token, body: new { enabled = true }), HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")]
public sealed class SqliteAgentTests(SqliteAgentAppFixture fixture) : AgentTests(fixture), IClassFixture<SqliteAgentAppFixture>;

[Collection("postgres")]
public sealed class PostgresAgentTests(PostgresAgentAppFixture fixture) : AgentTests(fixture), IClassFixture<PostgresAgentAppFixture>;
