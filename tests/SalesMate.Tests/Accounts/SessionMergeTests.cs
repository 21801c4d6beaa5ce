using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>An anonymous chat session joins the account at sign-in: nothing lost, nothing shown twice.</summary>
public abstract class SessionMergeTests(AccountsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<StartChatResponse> StartChatAsync(string? sessionToken = null)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/start", new { }, sessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<StartChatResponse>();
    }

    private async Task SendAsync(Guid conversationId, string message, string sessionToken)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = conversationId, message }, sessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<HistoryResponse> HistoryAsync(string sessionToken) =>
        await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", sessionToken)).ReadAsync<HistoryResponse>();

    [Fact]
    public async Task Anonymous_chat_joins_the_account_at_login_and_shows_once_from_a_new_session()
    {
        var email = AccountsTestKit.NewEmail("merge");
        var userId = await fixture.CreateUserAsync(email);
        var anonymous = await StartChatAsync();
        await SendAsync(anonymous.ConversationId, "I need a gaming laptop under $1500", anonymous.SessionToken!);

        await Client.LoginAsync(email, sessionToken: anonymous.SessionToken);
        var elsewhere = await StartChatAsync();
        await Client.LoginAsync(email, sessionToken: elsewhere.SessionToken);
        await Client.LoginAsync(email, sessionToken: anonymous.SessionToken); // signing in again changes nothing

        var history = await HistoryAsync(elsewhere.SessionToken!);
        history.Conversations.Where(c => c.Id == anonymous.ConversationId).Should().ContainSingle().Which.MessageCount.Should().Be(3);
        history.Conversations.Select(c => c.Id).Should().OnlyHaveUniqueItems().And.Contain(elsewhere.ConversationId);
        (await HistoryAsync(anonymous.SessionToken!)).Conversations.Select(c => c.Id).Should().BeEquivalentTo(history.Conversations.Select(c => c.Id));
        var messages = await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{anonymous.ConversationId}/messages", elsewhere.SessionToken);
        (await messages.ReadAsync<MessagesResponse>()).Messages.Should().HaveCount(3);

        var owners = await fixture.WithDbAsync(async (db, _) =>
            await db.Conversations.Where(c => c.Id == anonymous.ConversationId || c.Id == elsewhere.ConversationId).Select(c => c.UserId).ToListAsync());
        owners.Should().OnlyContain(id => id == userId);
    }

    [Fact]
    public async Task A_chat_started_while_signed_in_belongs_to_the_account_from_the_start()
    {
        var email = AccountsTestKit.NewEmail("signedin");
        var userId = await fixture.CreateUserAsync(email);
        var tokens = await Client.LoginAsync(email);

        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/chat/start", tokens.AccessToken, new { });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var chat = await response.ReadAsync<StartChatResponse>();

        var fromAnotherDevice = await StartChatAsync();
        await Client.LoginAsync(email, sessionToken: fromAnotherDevice.SessionToken);
        (await HistoryAsync(fromAnotherDevice.SessionToken!)).Conversations.Select(c => c.Id).Should().Contain(chat.ConversationId);
        var owner = await fixture.WithDbAsync(async (db, _) =>
            await db.Conversations.Where(c => c.Id == chat.ConversationId).Select(c => c.UserId).SingleAsync());
        owner.Should().Be(userId);
    }

    [Fact]
    public async Task What_the_assistant_learned_fills_the_profile_without_duplicates()
    {
        var email = AccountsTestKit.NewEmail("learned");
        await fixture.CreateUserAsync(email);
        var first = await Client.LoginAsync(email);
        var put = await Client.SendAsync(HttpMethod.Put, "/api/v1/users/profile", first.AccessToken, new { categories = new[] { "laptops" } });
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var anonymous = await StartChatAsync();
        await SendAsync(anonymous.ConversationId, "I need a gaming laptop under $1500", anonymous.SessionToken!);

        var tokens = await Client.LoginAsync(email, sessionToken: anonymous.SessionToken);

        var me = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/users/me", tokens.AccessToken)).ReadAsync<UserMeResponse>();
        me.Profile.Categories.Should().ContainSingle(c => c.Equals("laptops", StringComparison.OrdinalIgnoreCase));
        me.Profile.BudgetMax.Should().Be(1500m);
    }

    [Fact]
    public async Task A_session_already_joined_to_another_account_is_not_taken_over()
    {
        var owner = AccountsTestKit.NewEmail("owner");
        var intruder = AccountsTestKit.NewEmail("intruder");
        var ownerId = await fixture.CreateUserAsync(owner);
        await fixture.CreateUserAsync(intruder);
        var chat = await StartChatAsync();
        await Client.LoginAsync(owner, sessionToken: chat.SessionToken);

        await Client.LoginAsync(intruder, sessionToken: chat.SessionToken);

        var owners = await fixture.WithDbAsync(async (db, _) =>
            await db.Conversations.Where(c => c.Id == chat.ConversationId).Select(c => c.UserId).SingleAsync());
        owners.Should().Be(ownerId);
    }
}

[Collection("sqlite")]
public sealed class SqliteSessionMergeTests(SqliteAccountsFixture fixture) : SessionMergeTests(fixture), IClassFixture<SqliteAccountsFixture>;

[Collection("postgres")]
public sealed class PostgresSessionMergeTests(PostgresAccountsFixture fixture) : SessionMergeTests(fixture), IClassFixture<PostgresAccountsFixture>;
