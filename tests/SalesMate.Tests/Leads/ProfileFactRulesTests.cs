using SalesMate.Core.Entities;
using SalesMate.Services.Profiles;
using SalesMate.Tests.Understanding;
using SalesMate.Vector;

namespace SalesMate.Tests.Leads;

/// <summary>What the rules learn from a message they are given, and what they must not take for a fact.</summary>
public sealed class ProfileFactRulesTests
{
    private static readonly CatalogSnapshot Catalog = new(Guid.NewGuid(), 1, UnderstandingTestCatalog.Products(), "USD");

    private static IReadOnlyList<ExtractedFact> Learn(string message, params string[] products) =>
        ProfileFactRules.Extract(message, Catalog, products).Facts;

    [Fact]
    public void Contact_details_budget_and_catalog_preferences_are_learned()
    {
        var facts = Learn("My name is Jane Doe, email jane.doe@example.com, phone +1 415 555 0134. I want an ASUS laptop with 16gb ram under $1500");
        facts.Should().Contain(new ExtractedFact(ProfileFactKinds.Name, "Jane Doe"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Email, "jane.doe@example.com"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Phone, "+1 415 555 0134"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.BudgetMax, "1500 USD"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Category, "Laptops"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Brand, "ASUS"));
        facts.Should().Contain(f => f.Kind == ProfileFactKinds.Feature);
    }

    [Fact]
    public void Self_descriptions_places_and_addresses_are_learned()
    {
        var facts = Learn("I'm Priya. I'm a video editor, it's for my studio. I live in Whitefield, ship it to 12 Lake Road, Bengaluru");
        facts.Should().Contain(new ExtractedFact(ProfileFactKinds.Name, "Priya"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Location, "Whitefield"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Address, "12 Lake Road, Bengaluru"));
        facts.Where(f => f.Kind == ProfileFactKinds.Fact).Select(f => f.Value).Should().Contain("I'm a video editor").And.Contain("it's for my studio");
    }

    [Fact]
    public void Products_of_interest_are_the_ones_the_turn_was_about() =>
        Learn("tell me more about the first one", "Dell XPS 13").Should().ContainSingle()
            .Which.Should().Be(new ExtractedFact(ProfileFactKinds.Product, "Dell XPS 13"));

    [Theory]
    [InlineData("I'm looking for a laptop")]
    [InlineData("I'm Interested in phones")]
    [InlineData("I am not sure yet")]
    [InlineData("call me back tomorrow")]
    [InlineData("Which one is better for a student?")]
    [InlineData("the Dell costs 1299")]
    public void Questions_and_phrasings_are_not_taken_for_personal_facts(string message) =>
        Learn(message).Where(f => f.Kind is ProfileFactKinds.Name or ProfileFactKinds.Email or ProfileFactKinds.Phone or ProfileFactKinds.Address
                                  or ProfileFactKinds.Fact or ProfileFactKinds.Location).Should().BeEmpty();

    [Fact]
    public void A_dashed_phone_number_is_the_phone_not_a_budget_and_its_label_is_no_interest_in_phones()
    {
        var facts = Learn("my name is Sarah Connor, email sarah@example.com, phone 555-123-4567");
        facts.Should().Contain(new ExtractedFact(ProfileFactKinds.Phone, "555-123-4567"))
            .And.Contain(new ExtractedFact(ProfileFactKinds.Email, "sarah@example.com"));
        facts.Should().NotContain(f => f.Kind == ProfileFactKinds.BudgetMin || f.Kind == ProfileFactKinds.BudgetMax || f.Kind == ProfileFactKinds.Category);
    }

    [Fact]
    public void A_budget_amount_is_never_a_phone_number() =>
        Learn("I can spend between 1200000 and 1500000").Should().NotContain(f => f.Kind == ProfileFactKinds.Phone);

    [Fact]
    public void The_learned_profile_takes_the_newest_one_value_fact_and_falls_back_to_the_profile_form()
    {
        var now = DateTime.UtcNow;
        ProfileFact F(string kind, string value, int minutes) => new()
        {
            Kind = kind, Value = value, Source = "rules", CreatedAt = now.AddMinutes(minutes), UpdatedAt = now.AddMinutes(minutes),
        };
        var profile = LearnedProfile.From(
            [F(ProfileFactKinds.BudgetMax, "900 USD", 0), F(ProfileFactKinds.BudgetMax, "700 USD", 5), F(ProfileFactKinds.Fact, "is a student", 1)],
            new UserProfile { Categories = ["Laptops"], Currency = "USD" });
        profile.BudgetMax.Should().Be(700m);
        profile.Categories.Should().Equal("Laptops");
        profile.Facts.Should().Equal("is a student");
        LearnedProfilePrompt.Describe(profile).Should().Contain("budget up to $700").And.Contain("is a student");
    }
}
