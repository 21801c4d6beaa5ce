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

    [Fact]
    public void A_remembered_location_the_catalog_lists_is_carried_into_a_property_search_unless_one_is_named()
    {
        var homes = RealEstate.DemoCatalogs.Homes;
        var profile = new LearnedProfile { Locations = ["koramangala", "whitefield", "Atlantis"] };
        EnrichedMessage Homes(string message, ConversationState? state = null) =>
            ContextInjector.Enrich(message, homes.Parser.Parse(message), state ?? new ConversationState(), profile, homes);

        var enriched = Homes("show me 2BHK flats");
        enriched.Text.Should().Be("show me 2BHK flats (location: Whitefield)", "the newest learned location the catalog has");
        enriched.Remembered.Location.Should().Be("Whitefield");
        var parsed = homes.Parser.Parse(enriched.Text);
        parsed.Attributes["Location"].Should().Equal("whitefield");
        parsed.Attributes["Configuration"].Should().Equal("2bhk");

        Homes("show me 2BHK in Hebbal").Remembered.Location.Should().BeNull();
        Homes("show me 2BHK flats", new ConversationState { Features = ["hebbal"] }).IsEnriched.Should().BeFalse();
        Homes("show me 2BHK flats").Remembered.Categories.Should().BeEmpty("no learned category");
    }
}
