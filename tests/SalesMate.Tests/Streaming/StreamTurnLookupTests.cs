using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Streaming;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>
/// The stream route reads the session with its own conversation in one query, falls back to the full ownership rule,
/// looks a session up once per request, and stores the stream row with the shopper's message as one atomic batch.
/// </summary>
public abstract class StreamTurnLookupTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<StartChatResponse> StartAsync() =>
        await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();

    private Task<HttpResponseMessage> StreamAsync(Guid conversationId, string sessionToken, string message) =>
        Client.SendAsync(StreamRequest(conversationId, sessionToken, message), HttpCompletionOption.ResponseHeadersRead);

    private async Task<AsyncServiceScope> TenantScopeAsync()
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
        return scope;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<DateTime> LastActivityAsync(string token)
    {
        await using var scope = await TenantScopeAsync();
        var hash = Hash(token);
        return await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Sessions.Where(s => s.TokenHash == hash)
            .Select(s => s.LastActivityAt).SingleAsync();
    }

    private async Task SetSessionAsync(string token, DateTime? lastActivity = null, string? email = null)
    {
        await using var scope = await TenantScopeAsync();
        var hash = Hash(token);
        var sessions = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Sessions.Where(s => s.TokenHash == hash);
        if (lastActivity is { } at)
        {
            (await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActivityAt, at))).Should().Be(1);
        }
        if (email is not null)
        {
            (await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Email, email))).Should().Be(1);
        }
    }

    [Fact]
    public async Task An_expired_session_cannot_stream_and_an_idle_one_is_kept_alive()
    {
        var chat = await StartAsync();
        await SetSessionAsync(chat.SessionToken!, lastActivity: DateTime.UtcNow.AddDays(-400));
        using (var expired = await StreamAsync(chat.ConversationId, chat.SessionToken!, "hello"))
        {
            expired.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an expired session's token is unknown");
        }

        var idle = await StartAsync();
        var fiveMinutesAgo = DateTime.UtcNow.AddMinutes(-5);
        await SetSessionAsync(idle.SessionToken!, lastActivity: fiveMinutesAgo);
        var read = await SseClient.ReadAsync(Client, StreamRequest(idle.ConversationId, idle.SessionToken!, "gaming laptop"));
        read.Items[^1].EventType.Should().Be("done");
        (await LastActivityAsync(idle.SessionToken!)).Should().BeAfter(fiveMinutesAgo.AddMinutes(4), "streaming is activity");
    }

    [Fact]
    public async Task A_conversation_of_another_session_with_the_same_proven_email_streams_and_a_stranger_gets_404()
    {
        var owner = await StartAsync();
        var sameShopper = await StartAsync();
        var stranger = await StartAsync();
        var email = $"{Guid.NewGuid():N}@example.com";
        await SetSessionAsync(owner.SessionToken!, email: email);
        await SetSessionAsync(sameShopper.SessionToken!, email: email);

        var read = await SseClient.ReadAsync(Client, StreamRequest(owner.ConversationId, sameShopper.SessionToken!, "smart watch"));
        read.Items[^1].EventType.Should().Be("done", "the email proven on both sessions makes the conversation the same shopper's");
        using var refused = await StreamAsync(owner.ConversationId, stranger.SessionToken!, "smart watch");
        refused.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_session_is_looked_up_once_per_request_and_a_deleted_one_is_gone_for_the_next_request()
    {
        var chat = await StartAsync();
        await using var request = await TenantScopeAsync();
        var sessions = request.ServiceProvider.GetRequiredService<SessionManager>();
        var first = await sessions.FindAsync(chat.SessionToken, CancellationToken.None);
        first.Should().NotBeNull();

        await using (var other = await TenantScopeAsync())
        {
            var hash = Hash(chat.SessionToken!);
            (await other.ServiceProvider.GetRequiredService<SalesMateDbContext>().Sessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync())
                .Should().Be(1);
        }

        (await sessions.FindAsync(chat.SessionToken, CancellationToken.None)).Should().BeSameAs(first, "the request already resolved it");
        using var next = await StreamAsync(chat.ConversationId, chat.SessionToken!, "hello");
        next.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the next request looks the session up again");
    }

    [Fact]
    public async Task A_stream_row_and_its_message_are_stored_together_or_not_at_all()
    {
        var chat = await StartAsync();
        await using var scope = await TenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var session = await scope.ServiceProvider.GetRequiredService<SessionManager>().FindAsync(chat.SessionToken, CancellationToken.None);
        var staged = await scope.ServiceProvider.GetRequiredService<TurnStager>().StageAsync(session!, chat.ConversationId, "first", CancellationToken.None);

        // Another request takes the message's position after it was staged: the batch's last statement fails.
        await using (var other = await TenantScopeAsync())
        {
            var otherDb = other.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            otherDb.Messages.Add(new Message
            {
                Id = Guid.CreateVersion7(), ConversationId = chat.ConversationId, Sequence = staged.UserMessage.Sequence,
                Role = MessageRole.User, Content = "taken", CreatedAt = DateTime.UtcNow,
            });
            await otherDb.SaveChangesAsync();
        }
        var stream = new ChatStream
        {
            Id = Guid.CreateVersion7(), ConversationId = chat.ConversationId, SessionId = session!.Id, UserMessageId = staged.UserMessage.Id,
            AssistantMessageId = staged.Turn.AssistantMessageId, Status = ChatStreamStatus.Running, RequestHash = "x",
            CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddHours(1),
        };
        db.ChatStreams.Add(stream);
        var save = () => OneBatchSave.SaveAsync(db, CancellationToken.None);
        await save.Should().ThrowAsync<DbUpdateException>();

        await using var check = await TenantScopeAsync();
        var checkDb = check.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        (await checkDb.ChatStreams.AnyAsync(s => s.Id == stream.Id)).Should().BeFalse("the failed batch stored no stream row");
        (await checkDb.Conversations.Where(c => c.Id == chat.ConversationId).Select(c => c.MessageCount).SingleAsync())
            .Should().Be(staged.UserMessage.Sequence - 1, "nor the conversation's update");
    }

    private static HttpRequestMessage StreamRequest(Guid conversationId, string sessionToken, string message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{conversationId}/stream")
        {
            Content = JsonContent.Create(new { message }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", sessionToken);
        return request;
    }
}

[Collection("sqlite")]
public sealed class SqliteStreamTurnLookupTests(SqliteAppFixture fixture) : StreamTurnLookupTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresStreamTurnLookupTests(PostgresAppFixture fixture) : StreamTurnLookupTests(fixture), IClassFixture<PostgresAppFixture>;
