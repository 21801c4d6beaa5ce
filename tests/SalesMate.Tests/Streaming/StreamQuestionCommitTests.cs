using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Streaming;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Intelligence;

namespace SalesMate.Tests.Streaming;

/// <summary>
/// A stream's turn is planned while the shopper's message commits, but the model is called only once it is stored: a
/// failed commit leaves no trace. Events reach stream_events in the background while the answer streams, and the last
/// ones together with the final status.
/// </summary>
public abstract class StreamQuestionCommitTests(FakeModelFixture fixture)
{
    private async Task<AsyncServiceScope> TenantScopeAsync()
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await fixture.Factory.TenantIdAsync("demo"));
        return scope;
    }

    [Fact]
    public async Task A_question_whose_commit_fails_is_refused_and_nothing_of_its_turn_is_stored_or_sent_to_the_model()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var modelCalls = fixture.Server.Requests.Count;
        await using var request = await TenantScopeAsync();
        var db = request.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var session = await request.ServiceProvider.GetRequiredService<SessionManager>().FindAsync(chat.SessionToken, CancellationToken.None);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == chat.ConversationId);

        // A concurrent request stores a message at the position this one stages: its commit fails (a unique violation, 409).
        await using (var other = await TenantScopeAsync())
        {
            var otherDb = other.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            otherDb.Messages.Add(new Message
            {
                Id = Guid.CreateVersion7(), ConversationId = chat.ConversationId, Sequence = conversation.MessageCount + 1,
                Role = MessageRole.User, Content = "taken", CreatedAt = DateTime.UtcNow,
            });
            await otherDb.SaveChangesAsync();
        }
        var create = () => request.ServiceProvider.GetRequiredService<StreamService>()
            .CreateAsync(session!, chat.ConversationId, "never stored", "key-1", CancellationToken.None, conversation);
        await create.Should().ThrowAsync<DbUpdateException>();

        var runner = fixture.Factory.Services.GetRequiredService<StreamRunner>();
        for (var i = 0; i < 250 && runner.Running > 0; i++)
        {
            await Task.Delay(20);
        }
        runner.Running.Should().Be(0, "the generation ended");
        fixture.Server.Requests.Count.Should().Be(modelCalls, "the model is called only after the question is stored");
        await using var check = await TenantScopeAsync();
        var checkDb = check.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        (await checkDb.ChatStreams.AnyAsync(s => s.ConversationId == chat.ConversationId)).Should().BeFalse();
        (await checkDb.Messages.AnyAsync(m => m.ConversationId == chat.ConversationId && m.Content == "never stored")).Should().BeFalse();
        (await checkDb.Messages.CountAsync(m => m.ConversationId == chat.ConversationId && m.Role == MessageRole.Assistant))
            .Should().Be(1, "only the greeting: no partial answer was stored");
        (await checkDb.LlmRequests.AnyAsync(r => r.ConversationId == chat.ConversationId)).Should().BeFalse();
    }

    [Fact]
    public async Task A_direct_streams_prompt_carries_the_conversation_so_far_read_with_the_session()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        async Task<SseRead> AskAsync(string message, string answer)
        {
            fixture.Server.Enqueue(FakeOpenAiReply.Text(answer));
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{chat.ConversationId}/stream")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { message }, options: SalesMateFactory.Json),
            };
            request.Headers.Add("X-Session-Token", chat.SessionToken);
            return await SseClient.ReadAsync(fixture.Client, request);
        }

        (await AskAsync("Do you have noise cancelling headphones?", "Yes, the QuietWave 700.")).Items[^1].EventType.Should().Be("done");
        (await AskAsync("How long does its battery last?", "About 30 hours.")).Items[^1].EventType.Should().Be("done");

        var sent = fixture.Server.Requests[^1];
        var prompt = sent.Messages.Select(m => m!["content"]?.ToString() ?? "").ToList();
        var answered = prompt.FindIndex(c => c.StartsWith("Yes, the QuietWave 700.", StringComparison.Ordinal));
        answered.Should().BePositive("the earlier answer is in the history (the pipeline may have added a question to it)");
        prompt.IndexOf("Do you have noise cancelling headphones?").Should().BeInRange(1, answered - 1);
        sent.ShopperMessage.Should().Be("How long does its battery last?", "the new question is the last shopper message");
        prompt.Count(c => c == "How long does its battery last?").Should().Be(1, "the new question appears once");
        prompt.IndexOf("How long does its battery last?").Should().BeGreaterThan(answered);
    }

    [Fact]
    public async Task Events_reach_the_database_while_the_answer_streams_and_the_last_ones_with_the_final_status()
    {
        var release = new TaskCompletionSource();
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Let ", "me ", "think ").ThenAbort(release.Task));
        var (chat, stream) = await SseClient.StartStreamAsync(fixture.Client, "tell me about headphones");
        var streamId = Guid.Parse(stream.StreamId.Split('.')[0]);

        var stored = new List<StreamEvent>();
        for (var i = 0; i < 250 && !stored.Any(e => e.Event == "token"); i++)
        {
            await Task.Delay(20);
            await using var scope = await TenantScopeAsync();
            stored = await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().StreamEvents.AsNoTracking()
                .Where(e => e.StreamId == streamId).ToListAsync();
        }
        stored.Should().Contain(e => e.Event == "token", "a listener on another instance gets tokens before the answer ends");
        await using (var scope = await TenantScopeAsync())
        {
            (await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().ChatStreams.SingleAsync(s => s.Id == streamId))
                .Status.Should().Be(ChatStreamStatus.Running);
        }

        release.TrySetResult();
        var read = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);
        read.Items[^1].EventType.Should().Be("error");
        await using var after = await TenantScopeAsync();
        var db = after.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var final = await db.ChatStreams.AsNoTracking().SingleAsync(s => s.Id == streamId);
        for (var i = 0; i < 250 && final.Status == ChatStreamStatus.Running; i++)
        {
            await Task.Delay(20); // this instance's listener had the last event from memory, before it was written
            final = await db.ChatStreams.AsNoTracking().SingleAsync(s => s.Id == streamId);
        }
        final.Status.Should().Be(ChatStreamStatus.Incomplete);
        final.CompletedAt.Should().NotBeNull();
        (await db.StreamEvents.Where(e => e.StreamId == streamId).OrderBy(e => e.Sequence).Select(e => e.Event).ToListAsync())
            .Should().Equal(read.Items.Where(i => i.EventType != "heartbeat").Select(i => i.EventType), "every event sent is stored once, in order");
    }
}

public sealed class SqliteStreamQuestionCommitTests(SqliteModelFixture fixture) : StreamQuestionCommitTests(fixture), IClassFixture<SqliteModelFixture>;

[Collection("postgres")]
public sealed class PostgresStreamQuestionCommitTests(PostgresModelFixture fixture) : StreamQuestionCommitTests(fixture), IClassFixture<PostgresModelFixture>;
