using System.Net;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>
/// An anonymous shopper who proves, with an emailed code, the address they proved on another device is recognised:
/// welcomed back with what they looked at there, and answered with what they told there. Someone who merely types the
/// address learns nothing.
/// </summary>
public abstract class ReturningShopperTests(IdentityAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<ChatMessageResponse> SayAsync(StartChatResponse chat, string message)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ChatMessageResponse>();
    }

    /// <summary>A new conversation in an existing session (the start answer carries no token then).</summary>
    private async Task<StartChatResponse> StartInAsync(string sessionToken) =>
        await fixture.StartChatAsync(token: sessionToken) with { SessionToken = sessionToken };

    private async Task ProveAsync(string sessionToken, string email)
    {
        (await fixture.RequestCodeAsync(sessionToken, email, "link_session")).EnsureSuccessStatusCode();
        (await fixture.VerifyAsync(sessionToken, email, fixture.Outbox.LatestCode(email))).EnsureSuccessStatusCode();
    }

    /// <summary>On the first device: a budget of $700 and a closer look at a laptop, then the address proven.</summary>
    private async Task<string> FirstVisitAsync(string email)
    {
        var first = await fixture.StartChatAsync();
        (await SayAsync(first, "I need a laptop, my budget is under $700")).Products.Should().NotBeEmpty();
        var detail = await SayAsync(first, "tell me more about the first one");
        detail.Products.Should().NotBeEmpty();
        await ProveAsync(first.SessionToken!, email);
        return detail.Products[0].Name;
    }

    [Fact]
    public async Task Proving_the_email_on_a_new_device_welcomes_the_shopper_back_once_and_applies_what_they_told()
    {
        var email = IdentityAppFixture.NewEmail("returning");
        var lookedAt = await FirstVisitAsync(email);

        var second = await fixture.StartChatAsync();
        (await SayAsync(second, "hi")).Answer.Should().NotContain("Welcome back", "nothing ties this device to anyone yet");
        await ProveAsync(second.SessionToken!, email);

        var recognised = await SayAsync(second, "show me laptops");
        recognised.Answer.Should().StartWith($"Welcome back! Last time you looked at the {lookedAt}");
        recognised.Answer.Should().Contain("Going by what you told me before (budget up to $700");
        recognised.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price <= 700m);

        (await SayAsync(second, "something cheaper")).Answer.Should().NotContain("Welcome back", "once per conversation");

        var another = await StartInAsync(second.SessionToken!);
        (await SayAsync(another, "hello")).Answer.Should().StartWith("Welcome back! Last time you looked at the ", "a new conversation of a recognised shopper");
    }

    [Fact]
    public async Task Typing_someones_email_in_the_chat_reveals_nothing_about_them()
    {
        var email = IdentityAppFixture.NewEmail("private");
        await FirstVisitAsync(email);

        var stranger = await fixture.StartChatAsync();
        var typed = await SayAsync(stranger, $"hi, my email is {email}");
        typed.Answer.Should().NotContain("Welcome back");
        var again = await StartInAsync(stranger.SessionToken!);
        (await SayAsync(again, "hello")).Answer.Should().NotContain("Welcome back", "an address typed in the chat is not a proof");

        var search = await SayAsync(stranger, "show me laptops");
        search.Answer.Should().NotContain("Welcome back").And.NotContain("what you told me").And.NotContain("$700");
        search.Products.Should().Contain(p => p.Price > 700m, "the other shopper's budget does not apply");
    }
}

[Collection("sqlite")]
public sealed class SqliteReturningShopperTests(SqliteIdentityAppFixture fixture)
    : ReturningShopperTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresReturningShopperTests(PostgresIdentityAppFixture fixture)
    : ReturningShopperTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
