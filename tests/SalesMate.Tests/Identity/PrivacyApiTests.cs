using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>Privacy export and deletion, confirmed by email codes, with two people's data side by side.</summary>
public abstract class PrivacyApiTests(IdentityAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>Someone with an account, a linked chat (messages, stream, idempotent send, model call, summary) and a signed-in chat.</summary>
    private sealed record Person(string Name, string Email, Guid UserId, string Token, Guid LinkedConversation, Guid AccountConversation,
        Guid RefreshTokenId, Guid[] StreamIds)
    {
        public Guid[] ConversationIds => [LinkedConversation, AccountConversation];
    }

    private async Task<Person> CreatePersonAsync(string name, string role = Roles.User)
    {
        var email = IdentityAppFixture.NewEmail(name);
        var chat = await fixture.StartChatAsync();
        var send = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message = $"I am {name}, show me laptops" }, options: SalesMateFactory.Json),
        };
        send.Headers.Add("X-Session-Token", chat.SessionToken);
        send.Headers.Add("Idempotency-Key", $"{name}-1");
        (await Client.SendAsync(send)).EnsureSuccessStatusCode();
        var stream = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message = "cheaper" }, options: SalesMateFactory.Json),
        };
        stream.Headers.Add("X-Session-Token", chat.SessionToken);
        var created = await (await Client.SendAsync(stream)).ReadAsync<CreateStreamResponse>();
        (await SseClient.EventsAsync(Client, created.StreamId, chat.SessionToken!)).Items[^1].EventType.Should().Be("done");
        (await fixture.RequestCodeAsync(chat.SessionToken, email, "link_session")).EnsureSuccessStatusCode();
        (await fixture.VerifyAsync(chat.SessionToken, email, fixture.Outbox.LatestCode(email))).EnsureSuccessStatusCode();

        var now = DateTime.UtcNow;
        return await fixture.DbAsync(async db =>
        {
            var user = new User { Id = Guid.NewGuid(), Email = email, DisplayName = name, PasswordHash = $"pbkdf2-sha512$220000$salt-{name}$hash-{name}", Role = role, CreatedAt = now };
            var profile = new UserProfile { Id = Guid.NewGuid(), UserId = user.Id, BudgetMax = 1500, Categories = ["Laptops"], CreatedAt = now, UpdatedAt = now };
            var auth = new AuthSession { Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = now, ExpiresAt = now.AddDays(7), IpAddress = "198.51.100.7" };
            var refresh = new RefreshToken { Id = Guid.NewGuid(), SessionId = auth.Id, TokenHash = $"refresh-hash-{Guid.NewGuid():N}", CreatedAt = now };
            var signedIn = new VisitorSession { Id = Guid.NewGuid(), TokenHash = $"token-hash-{Guid.NewGuid():N}", UserId = user.Id, IsAnonymous = false, CreatedAt = now, LastActivityAt = now };
            var accountChat = new Conversation { Id = Guid.NewGuid(), SessionId = signedIn.Id, UserId = user.Id, Title = "signed in", CreatedAt = now, UpdatedAt = now };
            db.AddRange(user, profile, auth, refresh, signedIn, accountChat);
            db.Messages.Add(new Message { Id = Guid.NewGuid(), ConversationId = accountChat.Id, Sequence = 1, Role = MessageRole.User, Content = $"{name} again", CreatedAt = now });
            db.ConversationSummaries.Add(new ConversationSummary { Id = Guid.NewGuid(), ConversationId = chat.ConversationId, Summary = $"{name} wants a laptop", CreatedAt = now });
            db.LlmRequests.Add(new LlmRequest { Id = Guid.NewGuid(), ConversationId = chat.ConversationId, Purpose = "chat", Provider = "openai", Model = "gpt-fake",
                RequestBody = $"{{\"content\": \"I am {name}\"}}", CreatedAt = now });
            await db.SaveChangesAsync();
            var streams = await db.ChatStreams.Where(s => s.ConversationId == chat.ConversationId).Select(s => s.Id).ToArrayAsync();
            return new Person(name, email, user.Id, chat.SessionToken!, chat.ConversationId, accountChat.Id, refresh.Id, streams);
        });
    }

    private Task<Dictionary<string, int>> CountAsync(Person p) => fixture.DbAsync(async db =>
    {
        var conversations = p.ConversationIds;
        return new Dictionary<string, int>
        {
            ["users"] = await db.Users.CountAsync(u => u.Id == p.UserId),
            ["user_profiles"] = await db.UserProfiles.CountAsync(x => x.UserId == p.UserId),
            ["auth_sessions"] = await db.AuthSessions.CountAsync(x => x.UserId == p.UserId),
            ["refresh_tokens"] = await db.RefreshTokens.CountAsync(x => x.Id == p.RefreshTokenId),
            ["sessions"] = await db.Sessions.CountAsync(s => s.Email == p.Email || s.UserId == p.UserId),
            ["conversations"] = await db.Conversations.CountAsync(c => conversations.Contains(c.Id)),
            ["messages"] = await db.Messages.CountAsync(m => conversations.Contains(m.ConversationId)),
            ["conversation_summaries"] = await db.ConversationSummaries.CountAsync(s => conversations.Contains(s.ConversationId)),
            ["llm_requests"] = await db.LlmRequests.CountAsync(r => r.ConversationId != null && conversations.Contains(r.ConversationId.Value)),
            ["usage_events"] = await db.UsageEvents.CountAsync(u => u.ConversationId != null && conversations.Contains(u.ConversationId.Value)),
            ["idempotency_keys"] = await db.IdempotencyRecords.CountAsync(r => r.Key == $"{p.Name}-1"),
            ["chat_streams"] = await db.ChatStreams.CountAsync(s => p.StreamIds.Contains(s.Id)),
            ["stream_events"] = await db.StreamEvents.CountAsync(e => p.StreamIds.Contains(e.StreamId)),
            ["email_events"] = await db.EmailEvents.CountAsync(e => e.ToEmail == p.Email),
            ["otp_links"] = await db.OtpLinks.CountAsync(o => o.Email == p.Email),
        };
    });

    private async Task<string> CodeAsync(Person person, string purpose)
    {
        (await fixture.RequestCodeAsync(person.Token, person.Email, purpose)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        return fixture.Outbox.LatestCode(person.Email);
    }

    [Fact]
    public async Task Export_returns_everything_stored_for_the_email_and_nothing_of_anyone_else()
    {
        var alice = await CreatePersonAsync("alice");
        var bob = await CreatePersonAsync("bobby");
        var linkCode = await CodeAsync(alice, "link_session");
        var wrongPurpose = await Client.PostJsonAsync("/api/v1/privacy/export", new { email = alice.Email, code = linkCode }, alice.Token);
        wrongPurpose.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a link_session code does not confirm an export");
        (await wrongPurpose.ReadAsync<ProblemDetails>()).Title.Should().Be("Invalid code");

        var code = await CodeAsync(alice, "export");
        var response = await Client.PostJsonAsync("/api/v1/privacy/export", new { email = alice.Email.ToUpperInvariant(), code }, alice.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var text = await response.Content.ReadAsStringAsync();
        var export = JsonDocument.Parse(text).RootElement;

        export.GetProperty("email").GetString().Should().Be(alice.Email);
        export.GetProperty("users").EnumerateArray().Should().ContainSingle().Which.GetProperty("display_name").GetString().Should().Be("alice");
        export.GetProperty("profiles").GetArrayLength().Should().Be(1);
        export.GetProperty("account_sessions").EnumerateArray().Single().GetProperty("ip_address").GetString().Should().Be("198.51.100.7");
        export.GetProperty("chat_sessions").GetArrayLength().Should().Be(2);
        var conversations = export.GetProperty("conversations").EnumerateArray().ToList();
        conversations.Select(c => c.GetProperty("id").GetGuid()).Should().BeEquivalentTo([alice.LinkedConversation, alice.AccountConversation]);
        var linked = conversations.Single(c => c.GetProperty("id").GetGuid() == alice.LinkedConversation);
        linked.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()).Should().Contain("I am alice, show me laptops");
        linked.GetProperty("summaries").EnumerateArray().Single().GetProperty("summary").GetString().Should().Be("alice wants a laptop");
        export.GetProperty("model_calls").EnumerateArray().Single().GetProperty("request_body").GetString().Should().Contain("I am alice");
        export.GetProperty("emails").EnumerateArray().Should().HaveCount(3).And.OnlyContain(e => e.GetProperty("body").GetString()!.Contains("[code removed]"));
        export.GetProperty("one_time_codes").EnumerateArray().Should().HaveCount(3);
        export.GetProperty("usage_events").GetArrayLength().Should().BeGreaterThan(0);

        text.Should().NotContain("hash", "no password, token or code hashes leave the server");
        text.Should().NotContain(code).And.NotContain(linkCode);
        text.Should().NotContain(bob.Email).And.NotContain("bobby").And.NotContain(bob.UserId.ToString());

        var reused = await Client.PostJsonAsync("/api/v1/privacy/export", new { email = alice.Email, code }, alice.Token);
        reused.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the code was used");
    }

    [Fact]
    public async Task Delete_removes_every_row_of_the_email_in_one_go_and_leaves_others_untouched()
    {
        var carol = await CreatePersonAsync("carol");
        var dave = await CreatePersonAsync("dave1");
        var carolBefore = await CountAsync(carol);
        var daveBefore = await CountAsync(dave);
        carolBefore.Should().OnlyContain(c => c.Value > 0, "every table holds some of carol's data");
        daveBefore.Should().OnlyContain(c => c.Value > 0);

        var wrong = await Client.PostJsonAsync("/api/v1/privacy/delete", new { email = carol.Email, code = "000000" }, carol.Token);
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CountAsync(carol)).Should().BeEquivalentTo(carolBefore, "a wrong code deletes nothing");
        var code = await CodeAsync(carol, "delete_data");
        var fromElsewhere = await Client.PostJsonAsync("/api/v1/privacy/delete", new { email = carol.Email, code }, dave.Token);
        fromElsewhere.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the code belongs to carol's session");

        var response = await Client.PostJsonAsync("/api/v1/privacy/delete", new { email = carol.Email, code }, carol.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var deleted = await response.ReadAsync<PrivacyDeletedResponse>();
        deleted.Deleted["users"].Should().Be(1);
        deleted.Deleted["conversations"].Should().Be(2);
        deleted.Deleted["sessions"].Should().Be(2);
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("salesmate_session=;", StringComparison.Ordinal));

        (await CountAsync(carol)).Should().OnlyContain(c => c.Value == 0);
        (await CountAsync(dave)).Should().BeEquivalentTo(daveBefore, "nobody else's rows change");
        (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", carol.Token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var daveHistory = await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", dave.Token)).ReadAsync<HistoryResponse>();
        daveHistory.Conversations.Select(c => c.Id).Should().Contain(dave.LinkedConversation);
    }

    [Fact]
    public async Task Staff_accounts_are_not_removed_by_a_privacy_request()
    {
        var admin = await CreatePersonAsync("admin", Roles.TenantAdmin);
        var before = await CountAsync(admin);
        var code = await CodeAsync(admin, "delete_data");
        var response = await Client.PostJsonAsync("/api/v1/privacy/delete", new { email = admin.Email, code }, admin.Token);
        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.ReadAsync<ProblemDetails>()).Detail.Should().Contain("administrator");
        var after = await CountAsync(admin);
        after.Where(c => c.Key is not ("email_events" or "otp_links")).Should().BeEquivalentTo(before.Where(c => c.Key is not ("email_events" or "otp_links")));
    }
}

[Collection("sqlite")]
public sealed class SqlitePrivacyApiTests(SqliteIdentityAppFixture fixture) : PrivacyApiTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresPrivacyApiTests(PostgresIdentityAppFixture fixture) : PrivacyApiTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
