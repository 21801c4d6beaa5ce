using System.Globalization;
using System.Net;
using System.Text.Json;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Security;

/// <summary>Rate limits over real HTTP: 429 with Retry-After and a body naming the limit, per IP and per caller.</summary>
public abstract class RateLimitTests(DatabaseKind kind)
{
    protected DatabaseKind Kind { get; } = kind;

    internal static Dictionary<string, string> Limits(params (string Rule, int Limit)[] rules) =>
        rules.ToDictionary(r => $"rate_limits:{r.Rule}:limit", r => r.Limit.ToString(CultureInfo.InvariantCulture));

    internal static Task<HttpResponseMessage> SendMessageAsync(SecurityTestApp app, StartChatResponse chat, params (string, string)[] headers) =>
        app.SendAsync(HttpMethod.Post, "/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "a laptop under $1000" },
            [("X-Session-Token", chat.SessionToken!), .. headers]);

    /// <summary>Checks the 429 contract and returns the problem body.</summary>
    internal static async Task<JsonElement> ShouldBeRefusedAsync(HttpResponseMessage response, string limit, int windowSeconds)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, body);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("No Retry-After header.");
        retryAfter.TotalSeconds.Should().BeInRange(1, windowSeconds, "Retry-After is the wait until one more request fits, in whole seconds");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(429);
        problem.GetProperty("limit").GetString().Should().Be(limit);
        problem.GetProperty("retry_after_seconds").GetInt32().Should().Be((int)retryAfter.TotalSeconds);
        problem.GetProperty("detail").GetString().Should().Contain($"Retry after {(int)retryAfter.TotalSeconds} second");
        return problem;
    }

    [Fact]
    public async Task Chat_messages_over_the_chat_limit_get_429_while_another_session_from_the_same_address_still_chats()
    {
        await using var app = await SecurityTestApp.StartAsync(Kind, Limits(("chat", 3)));
        var chat = await app.StartChatAsync();
        var other = await app.StartChatAsync();
        for (var i = 0; i < 3; i++)
        {
            (await SendMessageAsync(app, chat)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var problem = await ShouldBeRefusedAsync(await SendMessageAsync(app, chat), "chat", 60);
        problem.GetProperty("detail").GetString().Should().Contain("the limit is 3 per minute");
        problem.GetProperty("limit_requests").GetInt32().Should().Be(3);

        (await SendMessageAsync(app, other)).StatusCode.Should().Be(HttpStatusCode.OK, "each chat session has its own chat budget");
        var history = await app.Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken);
        history.StatusCode.Should().Be(HttpStatusCode.OK, "reading history is not a chat message");
        (await history.ReadAsync<MessagesResponse>()).Messages.Should().HaveCount(7, "the greeting and three turns; the refused message was not stored");
    }

    [Fact]
    public async Task Every_route_counts_against_the_client_address_but_health_checks_never_do()
    {
        await using var app = await SecurityTestApp.StartAsync(Kind, Limits(("ip", 4)));
        for (var i = 0; i < 4; i++)
        {
            (await app.Client.GetAsync("/api/v1/products")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await ShouldBeRefusedAsync(await app.Client.GetAsync("/api/v1/products"), "ip", 60);
        await ShouldBeRefusedAsync(await app.SendAsync(HttpMethod.Get, "/api/v1/chat/history", null, ("X-Session-Token", "a-new-made-up-token")),
            "ip", 60);
        foreach (var health in new[] { "/health", "/health/db", "/health/vector", "/health", "/health/db" })
        {
            (await app.Client.GetAsync(health)).StatusCode.Should().Be(HttpStatusCode.OK, $"{health} is exempt");
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteRateLimitTests() : RateLimitTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresRateLimitTests() : RateLimitTests(DatabaseKind.Postgres);
