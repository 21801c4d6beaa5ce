using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>The app with a hosted model (the fake OpenAI server), model profile extraction on and a small history budget.</summary>
public sealed class LlmLeadsFixture : IAsyncLifetime
{
    public FakeOpenAiServer Server { get; private set; } = null!;
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeOpenAiServer.StartAsync("gpt-fake");
        var settings = new Dictionary<string, string>
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = Server.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:first_token_timeout_seconds"] = "5",
            ["llm:idle_timeout_seconds"] = "5",
            ["llm:max_retries"] = "0",
            ["llm:circuit_breaker:minimum_throughput"] = "1000",
            ["profile:model_extraction"] = "true",
            ["summaries:history_token_budget"] = "200",
            ["summaries:keep_recent_messages"] = "2",
            ["summaries:scan_interval_seconds"] = "86400",
        };
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(DatabaseKind.Sqlite), settings);
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

public sealed class LlmLeadsTests(LlmLeadsFixture fixture) : IClassFixture<LlmLeadsFixture>
{
    private const string Extraction = """
        {"name":"Priya","email":"priya@invented.example","phone":null,"address":null,
         "budget":{"min":null,"max":2000,"currency":"USD"},"categories":["Laptops"],"brands":[],"features":["color accurate screen"],
         "locations":[],"products":[],"facts":["edits videos for a living"]}
        """;

    private async Task SayAsync(StartChatResponse chat, string message)
    {
        var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static string System(FakeOpenAiRequest request) => request.Messages[0]!["content"]!.ToString();

    [Fact]
    public async Task The_model_extracts_facts_the_next_prompt_uses_them_and_old_turns_reach_it_as_a_summary()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Welcome Priya, happy to help."), FakeOpenAiReply.Text(Extraction));
        await SayAsync(chat, "Hi, I'm Priya. I edit videos for a living and can spend up to $2000.");

        var padding = string.Join(" ", Enumerable.Repeat("Colour accuracy matters a lot to me.", 30));
        fixture.Server.Enqueue(FakeOpenAiReply.Text("The Zenbook is a good start."), FakeOpenAiReply.Text("not json"),
            FakeOpenAiReply.Text("Priya edits videos and wants a laptop up to $2000."));
        await SayAsync(chat, $"What would you suggest for 4K editing? {padding}");

        fixture.Server.Enqueue(FakeOpenAiReply.Text("Go for the lighter one."), FakeOpenAiReply.Text("{}"));
        await SayAsync(chat, "and for travel?");

        var requests = fixture.Server.Requests;
        requests[1].Json["response_format"]!.ToJsonString().Should().Contain("profile_facts");
        var chats = requests.Where(r => r.Tools.Count > 0).ToList();
        chats.Should().HaveCount(3);
        System(chats[1]).Should().Contain("Priya").And.Contain("edits videos for a living").And.Contain("up to $2,000");
        System(requests[4]).Should().StartWith("Summarise the earlier part");
        System(chats[2]).Should().Contain("Summary of the earlier conversation: Priya edits videos and wants a laptop up to $2000.");
        chats[2].Messages.Skip(1).Select(m => m!["content"]?.ToString() ?? "").Should().NotContain(c => c.Contains("I edit videos for a living"));

        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var (facts, rolling, purposes) = await fixture.Factory.InTenantAsync(tenantId, async (_, db) => (
            await db.ProfileFacts.Where(f => f.ConversationId == chat.ConversationId).ToListAsync(),
            await db.ConversationSummaries.Where(s => s.ConversationId == chat.ConversationId).ToListAsync(),
            await db.LlmRequests.Where(r => r.ConversationId == chat.ConversationId).Select(r => r.Purpose).Distinct().ToListAsync()));
        facts.Should().Contain(f => f.Kind == ProfileFactKinds.Name && f.Value == "Priya" && f.Source == "model")
            .And.Contain(f => f.Kind == ProfileFactKinds.Fact && f.Value == "edits videos for a living")
            .And.Contain(f => f.Kind == ProfileFactKinds.BudgetMax && f.Value == "2000 USD");
        facts.Should().NotContain(f => f.Kind == ProfileFactKinds.Email, "an address the shopper never wrote is not learned");
        rolling.OrderBy(s => s.MessagesIncluded).First().Should().Match<ConversationSummary>(s =>
            s.Kind == "rolling" && s.Details.Source == "model" && s.MessagesIncluded == 2);
        purposes.Should().Contain(["chat", "extract", "summarize"]);
    }
}
