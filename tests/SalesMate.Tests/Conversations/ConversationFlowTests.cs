using System.Text.Json;
using SalesMate.Tests.Rag.Answers;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// The demo store's keyless assistant over real HTTP, in the turns that only react to the last answer: "ok", "hmm", "?"
/// move the conversation on instead of repeating the last question, and no answer is the same as the one before.
/// </summary>
[Collection("sqlite")]
public sealed class ConversationFlowTests(DemoPolicyQuestionsTests.DemoStore store) : IClassFixture<DemoPolicyQuestionsTests.DemoStore>
{
    private const string BudgetQuestion = "What budget do you have in mind?";

    [Theory]
    [InlineData("ok")]
    [InlineData("?")]
    [InlineData("hmm")]
    [InlineData("sure")]
    [InlineData("k")]
    public async Task An_acknowledgement_after_the_budget_question_offers_price_ranges_instead_of_repeating_the_list(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("show me laptops");
        Text(shown).Should().Contain(BudgetQuestion);

        var next = await visitor.AskAsync(message);

        Text(next).Should().NotBe(Text(shown)).And.NotContain(BudgetQuestion).And.NotContain("Here are the 3 best matches");
        Text(next).Should().Contain("which price range suits you?").And.MatchRegex(@"- Under \$[\d,]+ \(\d+ models?\)")
            .And.MatchRegex(@"- Between \$[\d,]+ and \$[\d,]+ \(\d+ models?\)").And.MatchRegex(@"- Over \$[\d,]+ \(\d+ models?\)");
        Chips(next).Should().Contain(c => c.StartsWith("Laptops under $", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("hmm")]
    [InlineData("?")]
    public async Task An_acknowledgement_after_the_greeting_names_what_the_store_carries_with_prices(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var greeting = await visitor.AskAsync("hello");

        var next = await visitor.AskAsync(message);

        Text(next).Should().NotBe(Text(greeting)).And.NotContain("what will you mainly use it for");
        Text(next).Should().Contain("what we carry: ").And.MatchRegex(@"laptops \(from \$[\d,.]+\)");
    }

    [Fact]
    public async Task A_choice_of_price_range_from_the_offered_chips_narrows_the_list()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("show me laptops");
        var ranges = await visitor.AskAsync("ok");
        var under = Chips(ranges).First(c => c.StartsWith("Laptops under", StringComparison.Ordinal));
        var max = decimal.Parse(under.Split('$')[1].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

        var narrowed = await visitor.AskAsync(under);

        Prices(narrowed).Should().NotBeEmpty().And.OnlyContain(p => p <= max);
    }

    [Fact]
    public async Task Acknowledgements_in_a_row_never_get_the_same_answer_twice()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var answers = new List<string> { Text(await visitor.AskAsync("show me headphones")) };
        foreach (var message in new[] { "ok", "ok", "hmm", "sure", "k", "ok" })
        {
            answers.Add(Text(await visitor.AskAsync(message)));
        }

        answers.Zip(answers.Skip(1)).Should().OnlyContain(pair => pair.First != pair.Second);
    }

    [Fact]
    public async Task A_different_acknowledgement_does_not_get_the_same_options_with_another_opening()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("hello");
        var carried = await visitor.AskAsync("ok");

        var next = await visitor.AskAsync("hmm");

        Text(carried).Should().Contain("what we carry");
        Text(next).Should().NotContain("what we carry").And.Contain("best-rated products");
        Names(next).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("no")]
    [InlineData("nope")]
    public async Task No_to_the_budget_question_compares_the_first_two_instead(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("show me tablets");

        var next = await visitor.AskAsync(message);

        Text(next).Should().StartWith("No problem. To help you decide, here are the first two side by side.");
        Names(next).Should().Equal(Names(shown).Take(2));
    }

    [Theory]
    [InlineData("show me phones")]
    [InlineData("I need help")]
    public async Task The_same_message_twice_does_not_get_the_same_answer_twice(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var first = await visitor.AskAsync(message);

        var second = await visitor.AskAsync(message);

        Text(second).Should().NotBe(Text(first));
        Text(first).Should().NotContain(Text(second).Split("\n\n")[0]);
    }

    [Theory]
    [InlineData("hmm")]
    [InlineData("not sure")]
    public async Task An_acknowledgement_after_a_products_details_offers_others_at_a_similar_price_instead_of_the_same_details(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("laptops under $1000");
        var detail = await visitor.AskAsync("tell me about the macbook air 13");
        var shown = Names(detail).Should().ContainSingle().Subject;
        var price = Prices(detail)[0];

        var next = await visitor.AskAsync(message);

        Text(next).Should().Contain($"at a similar price to the **{shown}**").And.NotContain("closer look");
        Names(next).Should().NotBeEmpty().And.NotContain(shown);
        Prices(next).Should().OnlyContain(p => p <= 1000m).And.Contain(p => Math.Abs(p - price) < 200m);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("sure")]
    [InlineData("ok")]
    public async Task Yes_to_the_offer_of_a_visit_books_it_for_the_product_shown(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("laptops under $1000");
        var detail = await visitor.AskAsync("tell me about the macbook air 13");
        Text(detail).Should().Contain("Would you like to book a demo or visit our store");

        var booked = await visitor.AskAsync(message);

        Text(booked).Should().StartWith("Happy to set up a visit to see the Apple MacBook Air 13\" (M5)!")
            .And.Contain("phone number or e-mail");
        booked.GetProperty("intent").GetString().Should().Be("schedule_visit");
    }

    [Fact]
    public async Task No_to_the_offer_of_a_visit_does_not_book_one()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("laptops under $1000");
        await visitor.AskAsync("tell me about the macbook air 13");

        var declined = await visitor.AskAsync("no thanks");

        Text(declined).Should().NotContain("set up a visit");
        declined.GetProperty("intent").GetString().Should().NotBe("schedule_visit");
    }

    internal static string Text(JsonElement answer) => answer.GetProperty("answer").GetString()!;

    internal static List<string> Names(JsonElement answer) =>
        answer.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();

    internal static List<decimal> Prices(JsonElement answer) =>
        answer.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("price").GetDecimal()).ToList();

    internal static List<string> Chips(JsonElement answer) =>
        answer.GetProperty("suggested_actions").EnumerateArray().Select(c => c.GetString()!).ToList();
}
