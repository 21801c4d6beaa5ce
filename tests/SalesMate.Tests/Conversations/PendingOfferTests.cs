using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Intelligence;
using SalesMate.Tests.Rag.Answers;
using static SalesMate.Tests.Conversations.ConversationFlowTests;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// A bare yes over real HTTP accepts the offer the last answer ended with (cheaper options, a comparison, a visit), and
/// only that answer's: after a turn that offered nothing, "yes" is a plain acknowledgement again.
/// </summary>
[Collection("sqlite")]
public sealed class PendingOfferTests(DemoPolicyQuestionsTests.DemoStore store) : IClassFixture<DemoPolicyQuestionsTests.DemoStore>
{
    [Theory]
    [InlineData("ok please")]
    [InlineData("yes please")]
    [InlineData("Sure!")]
    public async Task Yes_to_cheaper_options_shows_cheaper_options(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("show me laptops under $1500");
        await visitor.AskAsync("I saw it cheaper elsewhere");

        var cheaper = await visitor.AskAsync(message);

        Text(cheaper).Should().StartWith("Cheaper options");
        Prices(cheaper).Should().NotBeEmpty().And.OnlyContain(p => p < Prices(shown).Min());
    }

    [Theory]
    [InlineData("show me headphones")]
    [InlineData("hmm")]
    public async Task Yes_after_a_turn_that_offered_nothing_does_not_accept_the_earlier_offer_of_cheaper_options(string between)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("show me laptops under $1500");
        await visitor.AskAsync("I saw it cheaper elsewhere");
        await visitor.AskAsync(between);

        var yes = await visitor.AskAsync("yes");

        Text(yes).Should().NotContain("Cheaper options").And.NotContain("cheaper one");
        yes.GetProperty("intent").GetString().Should().NotBe("budget_alternative");
    }

    [Theory]
    [InlineData("show me headphones")]
    [InlineData("hmm")]
    public async Task Yes_after_a_turn_that_offered_nothing_does_not_book_the_visit_offered_before(string between)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("laptops under $1000");
        var detail = await visitor.AskAsync("tell me about the macbook air 13");
        Text(detail).Should().Contain("Would you like to book a demo or visit our store");
        await visitor.AskAsync(between);

        var yes = await visitor.AskAsync("yes");

        Text(yes).Should().NotContain("set up a visit");
        yes.GetProperty("intent").GetString().Should().NotBe("schedule_visit");
    }

    [Fact]
    public async Task Yes_to_comparing_the_best_we_carry_compares_them()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("most expensive laptops");
        var better = await visitor.AskAsync("something better");
        Text(better).Should().StartWith("Those are already the best we carry for what you asked. Want me to compare them?");

        var compared = await visitor.AskAsync("yes");

        compared.GetProperty("intent").GetString().Should().Be("comparison");
        Names(compared).Should().Equal(Names(shown).Take(Names(compared).Count)).And.HaveCountGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Yes_to_cheaper_options_is_not_taken_as_a_visit_and_yes_to_a_visit_not_as_cheaper_options()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("laptops under $1000");
        await visitor.AskAsync("tell me about the macbook air 13");
        var booked = await visitor.AskAsync("yes");
        booked.GetProperty("intent").GetString().Should().Be("schedule_visit");
        Text(booked).Should().NotContain("Cheaper options");

        await visitor.AskAsync("show me laptops under $1500");
        await visitor.AskAsync("I saw it cheaper elsewhere");
        var cheaper = await visitor.AskAsync("yes");
        cheaper.GetProperty("intent").GetString().Should().Be("budget_alternative");
        Text(cheaper).Should().NotContain("set up a visit");
    }
}

/// <summary>The offer as stored in <c>conversations.state</c>, and rows stored before it existed.</summary>
[Collection("sqlite")]
public sealed class StoredPendingOfferTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task The_offer_is_stored_by_name_and_a_state_without_it_reads_as_no_offer()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        await chat.SayAsync("show me laptops under $1500");
        await chat.SayAsync("I saw it cheaper elsewhere");
        var stored = await StateJsonAsync(chat.Chat.ConversationId);
        stored.Should().Contain("\"pending_offer\":\"cheaper_options\"");

        // As written before the offer was remembered: no pending_offer (nor price_order) at all.
        var old = System.Text.Json.Nodes.JsonNode.Parse(stored)!.AsObject();
        old.Remove("pending_offer");
        old.Remove("price_order");
        await SetStateJsonAsync(chat.Chat.ConversationId, old.ToJsonString());
        var yes = await chat.SayAsync("yes");

        yes.Intent.Should().NotBe("budget_alternative");
        yes.Answer.Should().NotContain("Cheaper options");
        (await StateJsonAsync(chat.Chat.ConversationId)).Should().NotContain("\"pending_offer\":\"cheaper_options\"");
    }

    [Fact]
    public async Task A_stored_offer_this_version_does_not_know_reads_as_no_offer()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        await chat.SayAsync("show me laptops under $1500");
        var state = System.Text.Json.Nodes.JsonNode.Parse(await StateJsonAsync(chat.Chat.ConversationId))!.AsObject();
        state["pending_offer"] = "trade_in";
        await SetStateJsonAsync(chat.Chat.ConversationId, state.ToJsonString());

        var yes = await chat.SayAsync("yes");

        yes.Answer.Should().NotBeEmpty();
    }

    private async Task<string> StateJsonAsync(Guid conversationId)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var id = conversationId.ToString().ToUpperInvariant();
        return await db.Database.SqlQuery<string>($"SELECT state AS \"Value\" FROM conversations WHERE upper(id) = {id}").SingleAsync();
    }

    private async Task SetStateJsonAsync(Guid conversationId, string json)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var id = conversationId.ToString().ToUpperInvariant();
        (await db.Database.ExecuteSqlAsync($"UPDATE conversations SET state = {json} WHERE upper(id) = {id}")).Should().Be(1);
    }
}
