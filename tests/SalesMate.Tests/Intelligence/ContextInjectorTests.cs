using SalesMate.Core.Entities;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Profiles;
using SalesMate.Vector;
using SalesMate.Tests.Understanding;

namespace SalesMate.Tests.Intelligence;

public sealed class ContextInjectorTests
{
    private static readonly CatalogSnapshot Catalog = new(Guid.NewGuid(), 1, UnderstandingTestCatalog.Products(), "USD");
    private static readonly QueryParser Parser = Catalog.Parser;
    private static readonly LearnedProfile Saver = new() { BudgetMax = 800m, BudgetCurrency = "USD" };

    private static EnrichedMessage Enrich(string message, ConversationState? state = null, LearnedProfile? profile = null) =>
        ContextInjector.Enrich(message, Parser.Parse(message), state ?? new ConversationState(), profile ?? Saver, Catalog);

    [Fact]
    public void A_search_without_a_budget_carries_the_saved_budget_and_the_parser_reads_it()
    {
        var enriched = Enrich("show me laptops");
        enriched.Text.Should().Be("show me laptops (budget: under 800)");
        enriched.Added.Should().Equal("budget");
        Parser.Parse(enriched.Text).Budget!.Max.Should().Be(800m);
        Enrich("laptops", profile: new LearnedProfile { BudgetMin = 300m, BudgetMax = 800m, BudgetCurrency = "USD" }).Text.Should().EndWith("(budget: between 300 and 800)");
    }

    [Theory]
    [InlineData("show me laptops under 1200")]
    [InlineData("cheaper")]
    [InlineData("hello")]
    [InlineData("what is your return policy")]
    public void Messages_that_state_a_budget_or_are_not_searches_are_left_alone(string message) =>
        Enrich(message).IsEnriched.Should().BeFalse();

    [Fact]
    public void A_conversation_budget_a_profile_without_one_or_in_another_currency_adds_nothing()
    {
        Enrich("show me laptops", new ConversationState { BudgetMax = 1500m }).IsEnriched.Should().BeFalse();
        Enrich("show me laptops", profile: new LearnedProfile { Name = "Jo" }).IsEnriched.Should().BeFalse();
        Enrich("show me laptops", profile: new LearnedProfile { BudgetMax = 800m, BudgetCurrency = "EUR" }).IsEnriched.Should().BeFalse();
        ContextInjector.Enrich("show me laptops", Parser.Parse("show me laptops"), new ConversationState(), null, Catalog).IsEnriched.Should().BeFalse();
    }
}
