using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Tenancy;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// On PostgreSQL a chat turn's session lookup also brings its conversation's newest messages, so the turn's history needs
/// no query of its own (ADR 0013b). Only the session's own conversation, only in the session's tenant.
/// </summary>
[Collection("postgres")]
public sealed class SessionHistoryReadTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    [Fact]
    public async Task The_session_lookup_brings_the_conversations_newest_messages_in_its_own_tenant_only()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        foreach (var message in new[] { "I need a laptop", "under 1500 please" })
        {
            var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var demo = await TenantIdAsync("demo");
        await using (var scope = Scope(demo))
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            var stored = await db.Messages.Where(m => m.ConversationId == chat.ConversationId).OrderByDescending(m => m.Sequence)
                .Select(m => new { m.Sequence, m.Content }).ToListAsync();
            var sessions = scope.ServiceProvider.GetRequiredService<SessionManager>();

            var (_, own) = await sessions.RequireWithConversationAsync(Http(chat), chat.ConversationId, Agent(scope), CancellationToken.None, withHistory: true);

            own!.Id.Should().Be(chat.ConversationId);
            sessions.NewestMessagesRead(chat.ConversationId)!.Select(m => new { m.Sequence, m.Content })
                .Should().Equal(stored, "greeting, two questions and two answers, newest first");
            sessions.NewestMessagesRead(Guid.CreateVersion7()).Should().BeNull();
            db.ChangeTracker.Entries<Message>().Should().BeEmpty("the messages are a projection: nothing of them is saved again");
            db.Entry(own).State.Should().Be(EntityState.Unchanged, "the conversation is tracked, so the turn's changes to it are saved");
        }

        await using (var other = Scope(await OtherTenantAsync(demo)))
        {
            var sessions = other.ServiceProvider.GetRequiredService<SessionManager>();
            var lookup = () => sessions.RequireWithConversationAsync(Http(chat), chat.ConversationId, Agent(other), CancellationToken.None, withHistory: true);

            await lookup.Should().ThrowAsync<SessionRequiredException>("the token belongs to the demo tenant");
            sessions.NewestMessagesRead(chat.ConversationId).Should().BeNull("nothing of the demo tenant's conversation was read");
        }
    }

    [Fact]
    public async Task A_long_conversations_lookup_brings_exactly_its_newest_messages()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var demo = await TenantIdAsync("demo");
        const int Messages = SessionManager.MessagesReadWithConversation + 19;
        await using (var scope = Scope(demo))
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == chat.ConversationId);
            for (var sequence = conversation.MessageCount + 1; sequence <= Messages; sequence++)
            {
                db.Messages.Add(new Message
                {
                    Id = Guid.CreateVersion7(), ConversationId = conversation.Id, Sequence = sequence,
                    Role = sequence % 2 == 0 ? MessageRole.User : MessageRole.Assistant, Content = $"message {sequence}", CreatedAt = DateTime.UtcNow,
                });
            }
            conversation.MessageCount = Messages;
            await db.SaveChangesAsync();
        }

        await using (var scope = Scope(demo))
        {
            var sessions = scope.ServiceProvider.GetRequiredService<SessionManager>();
            await sessions.RequireWithConversationAsync(Http(chat), chat.ConversationId, Agent(scope), CancellationToken.None, withHistory: true);

            sessions.NewestMessagesRead(chat.ConversationId)!.Select(m => m.Sequence).Should()
                .Equal(Enumerable.Range(Messages - SessionManager.MessagesReadWithConversation + 1, SessionManager.MessagesReadWithConversation).Reverse());
        }
    }

    [Fact]
    public async Task A_conversation_with_a_gap_in_its_numbering_gets_its_newest_messages()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var demo = await TenantIdAsync("demo");
        const int Last = SessionManager.MessagesReadWithConversation + 10;
        List<int> stored;
        await using (var scope = Scope(demo))
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == chat.ConversationId);
            // Numbers 30 to 39 are missing (as after an import): the newest 41 messages reach back further than number 10.
            for (var sequence = conversation.MessageCount + 1; sequence <= Last; sequence++)
            {
                if (sequence is >= 30 and < 40)
                {
                    continue;
                }
                db.Messages.Add(new Message
                {
                    Id = Guid.CreateVersion7(), ConversationId = conversation.Id, Sequence = sequence,
                    Role = sequence % 2 == 0 ? MessageRole.User : MessageRole.Assistant, Content = $"message {sequence}", CreatedAt = DateTime.UtcNow,
                });
            }
            conversation.MessageCount = Last;
            await db.SaveChangesAsync();
            stored = await db.Messages.Where(m => m.ConversationId == conversation.Id).OrderByDescending(m => m.Sequence)
                .Select(m => m.Sequence).Take(SessionManager.MessagesReadWithConversation).ToListAsync();
        }

        await using (var scope = Scope(demo))
        {
            var sessions = scope.ServiceProvider.GetRequiredService<SessionManager>();
            await sessions.RequireWithConversationAsync(Http(chat), chat.ConversationId, Agent(scope), CancellationToken.None, withHistory: true);

            sessions.NewestMessagesRead(chat.ConversationId)!.Select(m => m.Sequence).Should().Equal(stored, "the newest 41 messages, across the gap");
        }
    }

    [Fact]
    public async Task The_newest_messages_keep_their_ids_roles_exact_text_and_times()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var demo = await TenantIdAsync("demo");
        string[] texts = ["Quote \" backslash \\ tab \t", "line one\nline two\r\n", "Ünïcödé – 価格は？ 🚀", "<b>&amp;</b> {\"json\": [1]}"];
        await using (var scope = Scope(demo))
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == chat.ConversationId);
            var at = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc).AddTicks(123_450); // microseconds, as PostgreSQL keeps them
            foreach (var text in texts)
            {
                conversation.MessageCount++;
                db.Messages.Add(new Message
                {
                    Id = Guid.CreateVersion7(), ConversationId = conversation.Id, Sequence = conversation.MessageCount,
                    Role = conversation.MessageCount % 2 == 0 ? MessageRole.User : MessageRole.Assistant, Content = text, CreatedAt = at,
                });
                at = at.AddHours(7);
            }
            await db.SaveChangesAsync();
        }

        await using (var scope = Scope(demo))
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            // A server or session time zone other than UTC must not shift the times the turn reads.
            await db.Database.OpenConnectionAsync(); // held, so the lookup runs on the connection with this time zone
            await db.Database.ExecuteSqlRawAsync("SET TIME ZONE 'America/St_Johns'");
            var stored = await db.Messages.AsNoTracking().Where(m => m.ConversationId == chat.ConversationId).OrderByDescending(m => m.Sequence)
                .Select(m => new { m.Id, m.Sequence, m.Role, m.Content, m.CreatedAt }).ToListAsync();
            var sessions = scope.ServiceProvider.GetRequiredService<SessionManager>();

            await sessions.RequireWithConversationAsync(Http(chat), chat.ConversationId, Agent(scope), CancellationToken.None, withHistory: true);

            var read = sessions.NewestMessagesRead(chat.ConversationId)!;
            read.Select(m => new { m.Id, m.Sequence, m.Role, m.Content, m.CreatedAt }).Should().Equal(stored);
            read.Take(texts.Length).Select(m => m.Content).Should().Equal(texts.Reverse());
            read.Should().OnlyContain(m => m.CreatedAt.Kind == DateTimeKind.Utc && m.ConversationId == chat.ConversationId && m.TenantId == demo);
        }
    }

    private AsyncServiceScope Scope(Guid tenantId)
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        return scope;
    }

    private static string Agent(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AgentContext>().Name;

    private static DefaultHttpContext Http(StartChatResponse chat)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[SessionManager.HeaderName] = chat.SessionToken;
        return http;
    }

    private async Task<Guid> TenantIdAsync(string slug)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        return await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
    }

    private async Task<Guid> OtherTenantAsync(Guid demo)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        if (await db.Tenants.Where(t => t.Id != demo).Select(t => (Guid?)t.Id).FirstOrDefaultAsync() is { } existing)
        {
            return existing;
        }
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = "History B", Slug = "history-b", CreatedAt = DateTime.UtcNow };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }
}

