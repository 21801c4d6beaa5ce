using System.Net;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// An anonymous shopper's learned budget reaches their next turns, in the same and in a new conversation of the same
/// session, over both chat endpoints (read by the session's index alone, TurnLoader); another visitor's turn knows nothing of it.
/// </summary>
public abstract class AnonymousProfileTurnTests(AppFixture fixture)
{
    [Fact]
    public async Task A_budget_learned_in_chat_shapes_the_same_sessions_next_answers_and_no_one_elses()
    {
        var client = fixture.Client;
        var first = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        (await client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = first.ConversationId, message = "I want a laptop, my budget is under $700" }, first.SessionToken))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var next = await (await client.PostJsonAsync("/api/v1/chat/start", new { }, first.SessionToken)).ReadAsync<StartChatResponse>();
        var answer = await (await client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = next.ConversationId, message = "show me laptops" }, first.SessionToken)).ReadAsync<ChatMessageResponse>();
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price <= 700m, "the session's learned budget");
        answer.Answer.Should().Contain("budget up to $700");

        var streamed = await StreamAsync(next.ConversationId, first.SessionToken!, "any other laptops?");
        streamed.Should().Contain("700", "the streamed turn knows the budget too");

        var stranger = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var theirs = await (await client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = stranger.ConversationId, message = "show me laptops" }, stranger.SessionToken)).ReadAsync<ChatMessageResponse>();
        theirs.Answer.Should().NotContain("700");
        theirs.Products.Should().Contain(p => p.Price > 700m, "another visitor's answer has no budget");
    }

    private async Task<string> StreamAsync(Guid conversationId, string sessionToken, string message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{conversationId}/stream")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { message }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", sessionToken);
        var read = await SseClient.ReadAsync(fixture.Client, request);
        read.Items[^1].EventType.Should().Be("done");
        return read.Text;
    }
}

[Collection("sqlite")]
public sealed class SqliteAnonymousProfileTurnTests(SqliteAppFixture fixture) : AnonymousProfileTurnTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresAnonymousProfileTurnTests(PostgresAppFixture fixture) : AnonymousProfileTurnTests(fixture), IClassFixture<PostgresAppFixture>;
