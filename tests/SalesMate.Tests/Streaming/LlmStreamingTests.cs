using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Database;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>The app with llm.provider=openai-compatible pointed at a fake OpenAI server: what a browser and the database see.</summary>
public sealed class LlmAppFixture() : FakeModelFixture(DatabaseKind.Sqlite);

public sealed class LlmStreamingTests(LlmAppFixture fixture) : IClassFixture<LlmAppFixture>
{
    private static readonly FakeToolCall SearchGamingLaptops =
        new("call_1", "search_products", """{"query":"gaming laptop","category":"Laptops","max_price":1500}""");

    private Task<(StartChatResponse Chat, CreateStreamResponse Stream)> StreamAsync(string message) => SseClient.StartStreamAsync(fixture.Client, message);

    private async Task<IReadOnlyList<MessageResponse>> MessagesAsync(StartChatResponse chat) =>
        (await (await fixture.Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken))
            .ReadAsync<MessagesResponse>()).Messages;

    [Fact]
    public async Task Products_from_the_tools_arrive_before_tokens_and_done_carries_usage_and_cost()
    {
        fixture.Server.Enqueue(
            FakeOpenAiReply.Tools(SearchGamingLaptops).WithUsage(1000, 20),
            FakeOpenAiReply.Text("The ", "Legion ", "is ", "my ", "pick.").WithUsage(1400, 200));
        var (chat, stream) = await StreamAsync("I need a gaming laptop under $1500");
        var read = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);

        var types = read.Items.Select(i => i.EventType).ToList();
        types.IndexOf("products").Should().BeLessThan(types.IndexOf("token"));
        types.IndexOf("sources").Should().BeLessThan(types.IndexOf("token"));
        read.Text.Should().Be("The Legion is my pick.");
        read.Data("products").GetProperty("products").EnumerateArray()
            .Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("price").GetDecimal() < 1500m && p.GetProperty("category").GetString() == "Laptops");

        var done = read.Data("done");
        done.GetProperty("responder").GetString().Should().Be("llm");
        done.GetProperty("degraded").GetBoolean().Should().BeFalse();
        var usage = done.GetProperty("usage");
        usage.GetProperty("prompt_tokens").GetInt32().Should().Be(2400);
        usage.GetProperty("completion_tokens").GetInt32().Should().Be(220);
        // 2,400 prompt tokens at $2.50/M plus 220 completion tokens at $10/M.
        usage.GetProperty("cost").GetDecimal().Should().Be(0.0082m);

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
        var rows = await db.LlmRequests.Where(r => r.ConversationId == chat.ConversationId).ToListAsync();
        rows.Should().HaveCount(2).And.OnlyContain(r => r.Purpose == "chat" && r.Status == "ok");
        rows.Sum(r => r.ComputedCost).Should().Be(0.0082m);
    }

    [Fact]
    public async Task A_provider_that_dies_mid_answer_leaves_the_message_and_the_partial_answer_stored()
    {
        var providerDies = new TaskCompletionSource();
        fixture.Server.Enqueue(
            FakeOpenAiReply.Tools(SearchGamingLaptops),
            FakeOpenAiReply.Text("Here ", "are ", "some ").ThenAbort(providerDies.Task));
        var (chat, stream) = await StreamAsync("gaming laptop under 1500");
        var before = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!, stopAfter: 6);
        before.Items.Should().Contain(i => i.EventType == "token");
        providerDies.SetResult();
        var read = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);

        var error = read.Data("error");
        error.GetProperty("code").GetString().Should().Be("incomplete");
        error.GetProperty("retryable").GetBoolean().Should().BeTrue();
        var messages = await MessagesAsync(chat);
        messages.Select(m => m.Role).Should().Equal("assistant", "user", "assistant");
        messages[1].Content.Should().Be("gaming laptop under 1500");
        messages[2].Content.Should().Be(read.Text).And.StartWith("Here are");
        messages[2].Status.Should().Be("incomplete");

        // The conversation goes on normally afterwards.
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Sure, ", "cheaper ", "ones."));
        var next = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "cheaper" }, chat.SessionToken);
        (await next.ReadAsync<ChatMessageResponse>()).Answer.Should().Be("Sure, cheaper ones.");
        (await MessagesAsync(chat)).Should().HaveCount(5);
    }

    [Fact]
    public async Task Stop_cancels_the_upstream_call_and_keeps_what_was_said_as_stopped()
    {
        var release = new TaskCompletionSource();
        var earlier = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Let ", "me ", "think ").ThenAbort(release.Task));
        var (chat, stream) = await StreamAsync("tell me about headphones");
        var upstream = (await fixture.Server.WaitForRequestsAsync(earlier + 1))[earlier];
        var first = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!, stopAfter: 4);
        first.Items.Should().Contain(i => i.EventType == "token");

        var cancel = await fixture.Client.SendWithSessionAsync(HttpMethod.Post, $"/api/v1/streams/{Uri.EscapeDataString(stream.StreamId)}/cancel", chat.SessionToken);
        cancel.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        var rest = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);
        rest.Data("error").GetProperty("code").GetString().Should().Be("stopped");
        await upstream.ClientGone.WaitAsync(TimeSpan.FromSeconds(10));
        release.TrySetResult();

        var messages = await MessagesAsync(chat);
        messages[^1].Status.Should().Be("stopped");
        messages[^1].Content.Should().StartWith("Let me");
    }

    [Fact]
    public async Task When_the_provider_is_down_the_local_responder_answers_marked_degraded()
    {
        fixture.Server.Enqueue(FakeOpenAiReply.Error(500), FakeOpenAiReply.Error(500));
        var (chat, stream) = await StreamAsync("noise cancelling headphones under $300");
        var read = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);
        var done = read.Data("done");
        done.GetProperty("degraded").GetBoolean().Should().BeTrue();
        read.Data("products").GetProperty("products").EnumerateArray()
            .Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("category").GetString() == "Headphones");
        (await MessagesAsync(chat))[^1].Degraded.Should().BeTrue();
    }

    [Fact]
    public async Task The_model_comes_from_the_persona_then_the_tenant_then_the_configuration()
    {
        async Task<string?> ModelUsedAsync()
        {
            var earlier = fixture.Server.Requests.Count;
            fixture.Server.Enqueue(FakeOpenAiReply.Text("Sure."));
            var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
            await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "hello there, any tablets?" }, chat.SessionToken);
            return (await fixture.Server.WaitForRequestsAsync(earlier + 1))[earlier].Model;
        }
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenant = await db.Tenants.SingleAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var persona = await db.AssistantPersonas.OrderByDescending(p => p.IsDefault).FirstAsync();
        try
        {
            (await ModelUsedAsync()).Should().Be("gpt-fake");
            tenant.Settings = tenant.Settings with { Model = "gpt-tenant" };
            await db.SaveChangesAsync();
            (await ModelUsedAsync()).Should().Be("gpt-tenant");
            persona.Model = "gpt-persona";
            await db.SaveChangesAsync();
            (await ModelUsedAsync()).Should().Be("gpt-persona");
        }
        finally
        {
            tenant.Settings = tenant.Settings with { Model = null };
            persona.Model = null;
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Usage_totals_match_the_provider_usage_and_price_table_to_the_cent()
    {
        string key;
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
            key = (await scope.ServiceProvider.GetRequiredService<Services.OpenAiCompat.ApiKeyService>().CreateAsync("usage-test", CancellationToken.None)).Secret;
        }
        var from = DateTime.UtcNow.AddSeconds(-1).ToString("O");
        fixture.Server.Enqueue(
            FakeOpenAiReply.Tools(SearchGamingLaptops).WithUsage(120_000, 300),
            FakeOpenAiReply.Text("Two ", "good ", "options.").WithUsage(130_000, 1_700));
        var (chat, stream) = await StreamAsync("gaming laptop under $1500");
        await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);

        async Task<System.Text.Json.JsonElement> UsageAsync(string groupBy)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/usage?group_by={groupBy}&from={Uri.EscapeDataString(from)}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var response = await fixture.Client.SendAsync(request);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return await response.ReadAsync<System.Text.Json.JsonElement>();
        }
        var byModel = await UsageAsync("model");
        byModel.GetProperty("totals").EnumerateArray().Select(t => t.GetProperty("key").GetString()).Should().Equal("gpt-fake");
        var byConversation = await UsageAsync("conversation");
        var model = byConversation.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("key").GetString() == chat.ConversationId.ToString());
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
            var rows = await db.LlmRequests.Where(r => r.ConversationId == chat.ConversationId).ToListAsync();
            rows.Should().HaveCount(2, string.Join(" | ", rows.Select(r => $"{r.Purpose}/{r.Status}/{r.PromptTokens}/{r.Error}")));
        }
        model.GetProperty("requests").GetInt32().Should().Be(2);
        model.GetProperty("prompt_tokens").GetInt64().Should().Be(250_000);
        model.GetProperty("completion_tokens").GetInt64().Should().Be(2_000);
        // 250,000 x $2.50/M + 2,000 x $10/M = $0.625 + $0.02.
        model.GetProperty("cost").GetDecimal().Should().Be(0.645m);
        var byPurpose = await UsageAsync("purpose");
        byPurpose.GetProperty("totals").EnumerateArray().Single().GetProperty("key").GetString().Should().Be("chat");

        var anonymous = await fixture.Client.GetAsync("/api/v1/usage");
        anonymous.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Past_the_monthly_budget_answers_come_from_the_local_responder_without_calling_the_model()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenant = await db.Tenants.SingleAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Happy ", "to ", "help.").WithUsage(4_000, 100));
        var (chat, stream) = await StreamAsync("any tablets for drawing?");
        (await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!)).Data("done").GetProperty("degraded").GetBoolean().Should().BeFalse();
        try
        {
            tenant.Settings = tenant.Settings with { MonthlyBudgetUsd = 0.000001m };
            await db.SaveChangesAsync();
            var before = fixture.Server.Requests.Count;
            var next = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "tablets under $500" }, chat.SessionToken);
            var answer = await next.ReadAsync<ChatMessageResponse>();
            answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Tablets" && p.Price <= 500m);
            fixture.Server.Requests.Count.Should().Be(before, "past the budget the model is not called");
            (await MessagesAsync(chat))[^1].Degraded.Should().BeTrue();
        }
        finally
        {
            tenant.Settings = tenant.Settings with { MonthlyBudgetUsd = null };
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_message_sent_while_an_answer_streams_does_not_lose_either_answer()
    {
        fixture.Server.Enqueue(FakeOpenAiReply.Text("First ", "answer ", "here."));
        var (chat, stream) = await StreamAsync("first question");
        await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);

        // The second answer is held open by the provider while a third message is asked and answered.
        var gate = new TaskCompletionSource();
        var earlier = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Delayed ", "answer.") with { FaultGate = gate.Task });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message = "second question" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        var second = await (await fixture.Client.SendAsync(request)).ReadAsync<CreateStreamResponse>();
        await fixture.Server.WaitForRequestsAsync(earlier + 1);
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Quick ", "answer."));
        var third = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "third question" }, chat.SessionToken);
        (await third.ReadAsync<ChatMessageResponse>()).Answer.Should().Be("Quick answer.");
        gate.SetResult();
        (await SseClient.EventsAsync(fixture.Client, second.StreamId, chat.SessionToken!)).Items[^1].EventType.Should().Be("done");

        var messages = await MessagesAsync(chat);
        messages.Select(m => m.Content).Should().Contain(["First answer here.", "Quick answer.", "Delayed answer."]);
        messages.Should().HaveCount(7);
    }
}
