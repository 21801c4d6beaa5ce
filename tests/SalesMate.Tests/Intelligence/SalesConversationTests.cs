using SalesMate.Config;
using SalesMate.Services.Intelligence;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Intelligence;

/// <summary>
/// Issue 6's scripted conversations in the local mode (no model) over real HTTP, on SQLite and PostgreSQL: what the
/// shopper sees (answers, products, chips) and the signals a client gets (intent, sentiment, stage, escalation).
/// </summary>
public abstract class SalesConversationTests(AppFixture fixture)
{
    private static readonly string VisitOffer = new CoachingOptions().VisitOffer;

    private Task<ConversationScript> StartAsync(string? persona = null, string? session = null) =>
        ConversationScript.StartAsync(fixture.Client, persona, session);

    [Fact]
    public async Task A_price_objection_gets_the_value_of_the_product_and_cheaper_alternatives()
    {
        var chat = await StartAsync();
        var shown = await chat.SayAsync("show me laptops under $1200");
        shown.Products.Should().NotBeEmpty();
        var objected = shown.Products[0];

        var objection = await chat.SayAsync("hmm, that's too expensive for me");

        objection.Intent.Should().Be("price_objection");
        objection.Stage.Should().Be("consideration");
        objection.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price < shown.Products.Min(s => s.Price),
            "the alternatives are cheaper than anything shown before");
        var stored = await chat.ProductAsync(objected.Id);
        objection.Answer.Should().Contain($"the {objected.Name} is rated {stored.Rating!.Value:0.#}/5",
            "the value case comes from the catalog's own rating");
        objection.SuggestedActions.Should().Contain(PipelineChips.ShowCheaper);

        var discount = await chat.SayAsync("can you give me a discount?");
        discount.Intent.Should().Be("price_objection");
        discount.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price < objection.Products.Min(s => s.Price));
        discount.Answer.Should().NotContain($"the {objected.Name} is rated", "a value case is never repeated for the same product");
    }

    [Fact]
    public async Task A_callback_asked_for_after_giving_a_phone_number_does_not_ask_for_the_number_again()
    {
        var chat = await StartAsync();
        var strangerFirst = await StartAsync();
        (await strangerFirst.SayAsync("can someone call me tomorrow?")).Answer.Should().Contain("Leave your phone number");

        (await chat.SayAsync("my name is Dana, my phone is 555-201-8842")).Intent.Should().Be("contact_info");
        var callback = await chat.SayAsync("can someone call me tomorrow?");

        callback.Intent.Should().Be("request_callback");
        callback.Answer.Should().Contain("ending in 8842").And.NotContain("Leave your phone number");
        callback.Answer.Should().NotContain("555-201-8842", "the number is not repeated in full");
    }

    [Fact]
    public async Task Frustration_ends_in_an_escalation_offer_and_then_no_more_sales_nudges()
    {
        var chat = await StartAsync();
        var first = await chat.SayAsync("show me headphones");
        first.Sentiment.Should().Be("neutral");
        first.Frustration.Should().Be(0);
        first.Escalation.Should().BeFalse();

        var annoyed = await chat.SayAsync("that's not what I asked for");
        annoyed.Sentiment.Should().Be("negative");
        annoyed.Frustration.Should().BeInRange(1, 6);
        annoyed.Escalation.Should().BeFalse();
        annoyed.Answer.Should().StartWith("Sorry about that.", "the local responder opens with empathy");

        var fed_up = await chat.SayAsync("this is useless, you are not listening!!");
        fed_up.Sentiment.Should().Be("frustrated");
        fed_up.Frustration.Should().BeGreaterThanOrEqualTo(7);
        fed_up.Escalation.Should().BeTrue();
        fed_up.Escalated.Should().BeTrue();
        fed_up.Answer.Should().StartWith("I'm sorry this has been frustrating").And.EndWith(EscalationRules.OfferText);
        fed_up.SuggestedActions.Should().Contain([PipelineChips.RequestCallback, PipelineChips.TalkToPerson]);

        var later = await chat.SayAsync("ok, show me tablets");
        later.Products.Should().NotBeEmpty();
        later.Escalation.Should().BeFalse("the human was offered once");
        later.Escalated.Should().BeTrue("the conversation stays flagged for sales");
        later.Answer.Should().NotContain(VisitOffer).And.NotContain(" left of the ").And.NotContain(EscalationRules.OfferText);
        later.SuggestedActions.Should().NotContain(PipelineChips.BookVisit);
    }

    [Fact]
    public async Task A_returning_shopper_is_welcomed_back_with_what_they_looked_at_last_time()
    {
        var first = await StartAsync();
        await first.SayAsync("show me tablets under $500");
        var detail = await first.SayAsync("tell me more about the second one");
        var looked = detail.Products.Should().ContainSingle().Subject;

        var again = await StartAsync(session: first.SessionToken);
        var hello = await again.SayAsync("hi there");
        hello.Answer.Should().StartWith($"Welcome back! Last time you looked at the {looked.Name}");

        var next = await again.SayAsync("show me headphones under $200");
        next.Answer.Should().NotContain("Welcome back", "only the first message of a new conversation is welcomed");

        var stranger = await StartAsync();
        (await stranger.SayAsync("hi there")).Answer.Should().NotContain("Welcome back");
    }

    [Fact]
    public async Task Urgency_is_only_said_when_the_stock_supports_it()
    {
        var plenty = await StartAsync();
        var gaming = await plenty.SayAsync("gaming laptop under $1500");
        gaming.Products.Should().NotBeEmpty();
        foreach (var product in gaming.Products)
        {
            (await plenty.ProductAsync(product.Id)).Stock.Should().BeGreaterThan(5, "this search only finds well-stocked laptops");
        }
        gaming.Answer.Should().NotContain(" left").And.NotContainAny("hurry", "selling fast", "limited");

        var scarce = await StartAsync();
        var premium = await scarce.SayAsync("laptops over $2000");
        var lowStock = new List<(string Name, int Stock)>();
        foreach (var product in premium.Products)
        {
            var stock = (await scarce.ProductAsync(product.Id)).Stock;
            if (stock is > 0 and <= 5)
            {
                lowStock.Add((product.Name, stock));
            }
        }
        lowStock.Should().NotBeEmpty("the premium laptops include some with little stock");
        premium.Answer.Should().Contain($"Only {lowStock[0].Stock} left of the {lowStock[0].Name}.");
    }

    [Fact]
    public async Task A_comparison_moves_the_shopper_to_consideration_and_then_a_visit_is_suggested_once()
    {
        var chat = await StartAsync();
        var shown = await chat.SayAsync("noise cancelling headphones under $400");
        shown.Stage.Should().Be("awareness");
        shown.Answer.Should().NotContain(VisitOffer, "the first list of results is not followed by a pitch");

        var compared = await chat.SayAsync("compare the first two");
        compared.Intent.Should().Be("comparison");
        compared.Stage.Should().Be("consideration");
        compared.Products.Select(p => p.Id).Should().Equal(shown.Products.Take(2).Select(p => p.Id));
        compared.Answer.Should().Contain(shown.Products[0].Name).And.Contain(shown.Products[1].Name).And.EndWith(VisitOffer);
        compared.SuggestedActions.Should().Contain(PipelineChips.BookVisit);
        compared.Engagement.Should().BeGreaterThan(shown.Engagement!.Value);

        var detail = await chat.SayAsync("tell me more about the second one");
        detail.Answer.Should().NotContain(VisitOffer, "a nudge is never repeated");

        var book = await chat.SayAsync("can I book a demo?");
        book.Intent.Should().Be("schedule_demo");
        book.Stage.Should().Be("decision");
        book.Answer.Should().Contain("demo").And.Contain(shown.Products[1].Name);
    }

    [Fact]
    public async Task A_student_on_a_budget_gets_laptops_within_the_persona_budget_then_cheaper_ones()
    {
        var chat = await StartAsync("budget-student");
        var laptops = await chat.SayAsync("I need a laptop for school");
        laptops.Intent.Should().Be("product_search");
        laptops.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Price <= 900m);

        var cheaper = await chat.SayAsync("anything cheaper?");
        cheaper.Intent.Should().Be("budget_alternative");
        cheaper.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price < laptops.Products.Min(l => l.Price));
        cheaper.Sentiment.Should().Be("neutral");
    }

    [Fact]
    public async Task A_gamer_upgrading_gets_gaming_laptops_then_a_step_up()
    {
        var chat = await StartAsync("gamer");
        var laptops = await chat.SayAsync("I want a new gaming laptop, mine is too slow");
        laptops.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Price >= 800m && p.Price <= 2500m);

        var better = await chat.SayAsync("something better");
        better.Intent.Should().Be("budget_alternative");
        better.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price > laptops.Products.Max(l => l.Price));

        var excited = await chat.SayAsync("wow, that looks amazing!");
        excited.Sentiment.Should().Be("excited");
        excited.Escalation.Should().BeFalse();
    }

    [Fact]
    public async Task Cheaper_and_better_value_answers_move_down_and_up_from_what_was_shown()
    {
        var chat = await StartAsync();
        var shown = await chat.SayAsync("show me monitors");
        shown.Products.Should().NotBeEmpty();
        shown.Answer.Should().Contain("What budget do you have in mind?");

        var cheaper = await chat.SayAsync("cheaper");
        cheaper.Intent.Should().Be("budget_alternative");
        cheaper.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price < shown.Products.Min(s => s.Price));
        cheaper.Answer.Should().NotContain("What budget do you have in mind?", "the qualifying question is asked once");

        var better = await chat.SayAsync("something better");
        better.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price > cheaper.Products.Max(s => s.Price));
    }

    [Fact]
    public async Task Asking_for_a_person_flags_the_conversation_and_contact_details_are_acknowledged()
    {
        var chat = await StartAsync();
        await chat.SayAsync("show me phones under $800");

        var human = await chat.SayAsync("can I talk to a real person please?");
        human.Intent.Should().Be("human_handoff");
        human.Escalation.Should().BeTrue();
        human.Escalated.Should().BeTrue();
        human.Products.Should().BeEmpty();
        human.Answer.Should().Contain("flagged this conversation for our sales team");

        var contact = await chat.SayAsync("sure, my email is sam@example.com");
        contact.Intent.Should().Be("contact_info");
        contact.Stage.Should().Be("decision");
        contact.Answer.Should().Contain("noted your contact details");
        contact.Escalated.Should().BeTrue();
    }

    [Fact]
    public async Task Each_answer_records_its_pipeline_steps_and_signals()
    {
        var chat = await StartAsync();
        await chat.SayAsync("show me tablets");

        var answer = (await chat.MessagesAsync())[^1];
        answer.Steps.Keys.Should().Contain(["load_ms", "enrich_ms", "classify_ms", "sentiment_ms", "escalate_ms", "respond_ms", "coach_ms"]);
        answer.Steps.Values.Should().OnlyContain(ms => ms >= 0);
        answer.Sentiment.Should().Be("neutral");
        answer.Stage.Should().Be("awareness");
        answer.Intent.Should().Be("product_search");
    }
}

[Collection("sqlite")]
public sealed class SqliteSalesConversationTests(SqliteAppFixture fixture) : SalesConversationTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresSalesConversationTests(PostgresAppFixture fixture) : SalesConversationTests(fixture), IClassFixture<PostgresAppFixture>;
