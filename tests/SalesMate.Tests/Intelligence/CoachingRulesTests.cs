using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Products;
using SalesMate.Tests.Understanding;
using SalesMate.Vector;

namespace SalesMate.Tests.Intelligence;

/// <summary>The conversation director's rules and the escalation rules, including the cases that must not fire.</summary>
public sealed class CoachingRulesTests
{
    private static readonly Product Rated = new()
    {
        Id = Guid.NewGuid(), Sku = "RATED-1", Name = "Acme Pro 14", Brand = "Acme", Category = "Laptops", Price = 1500m, Currency = "USD",
        Stock = 40, Rating = 4.7m, Description = "A light laptop with a bright screen. It also has many ports.",
    };
    private static readonly List<Product> Products = [.. UnderstandingTestCatalog.Products(), Rated];
    private static readonly CatalogSnapshot Catalog = new(Guid.NewGuid(), 1, Products, "USD");

    /// <summary>The test catalog's stock is 5 everywhere: urgency is checked on its own.</summary>
    private static readonly CoachingRules NoUrgency = CoachingRules.Defaults with { UrgencyStockThreshold = 0 };
    private static readonly SentimentReading Calm = new("neutral", 0, 0, "rules");

    private static Coaching Direct(string intent, ConversationState? before = null, ConversationState? after = null,
        IReadOnlyList<Product>? shown = null, CoachingRules? rules = null, bool escalating = false, bool local = true, string text = "ok",
        SentimentReading? sentiment = null)
    {
        before ??= new ConversationState();
        var picks = (shown ?? []).Select(p => new Recommendation(p, 1, "fits", [])).ToList();
        after ??= before with { TurnCount = before.TurnCount + 1, ProductsViewedCount = before.ProductsViewedCount + picks.Count };
        return ConversationDirector.Direct(new DirectorInput(before, after, intent, text, sentiment ?? Calm, picks, Catalog,
            rules ?? NoUrgency, escalating, local));
    }

    private static Product Stocked(int stock) => Products[0] is var p ? new Product
    {
        Id = Guid.NewGuid(), Sku = $"S{stock}", Name = $"Stocked {stock}", Brand = p.Brand, Category = p.Category, Price = p.Price,
        Currency = "USD", Stock = stock, Rating = 4.5m,
    } : null!;

    [Fact]
    public void Stages_move_forward_and_never_back()
    {
        Direct("product_search").Stage.Should().Be("awareness");
        Direct("comparison", shown: Products.Take(2).ToList()).Stage.Should().Be("consideration");
        Direct("schedule_demo").Stage.Should().Be("decision");
        Direct("product_search", text: "ok I'll take it").Stage.Should().Be("decision");
        Direct("greeting", before: new ConversationState { Stage = "decision" }).Stage.Should().Be("decision");
        Direct("product_search", text: "I don't want to buy a tablet").Stage.Should().Be("awareness", "\"want to buy\" must follow the shopper deciding");
    }

    [Fact]
    public void Engagement_grows_with_turns_interest_and_stage_and_falls_with_frustration()
    {
        var early = ConversationDirector.Engagement(new ConversationState { TurnCount = 1 }, Calm);
        var engaged = ConversationDirector.Engagement(new ConversationState
        {
            TurnCount = 5, ProductsViewedCount = 9, InterestedProductIds = [Guid.NewGuid(), Guid.NewGuid()], Stage = "decision",
        }, new SentimentReading("positive", 0, 0, "rules"));
        var frustrated = ConversationDirector.Engagement(new ConversationState { TurnCount = 1 }, new SentimentReading("frustrated", 8, 8, "rules"));

        early.Should().Be(0.5);
        engaged.Should().Be(8.5);
        frustrated.Should().Be(0);
    }

    [Fact]
    public void A_visit_is_suggested_after_the_configured_products_were_viewed_and_only_once()
    {
        var shown = Products.Take(2).ToList();
        Direct("comparison", before: new ConversationState { ProductsViewedCount = 2, BudgetMax = 1000 }, shown: shown).Nudges
            .Should().NotContain(Nudges.Visit, "two products viewed is below the default of three");

        var after3 = Direct("comparison", before: new ConversationState { ProductsViewedCount = 3, BudgetMax = 1000 }, shown: shown);
        after3.Nudges.Should().Contain(Nudges.Visit);
        after3.Text.Should().Be(new CoachingOptions().VisitOffer);
        after3.Chips.Should().Contain(PipelineChips.BookVisit);

        Direct("comparison", before: new ConversationState { ProductsViewedCount = 3, BudgetMax = 1000, NudgesGiven = [Nudges.Visit] }, shown: shown)
            .Nudges.Should().NotContain(Nudges.Visit);

        var tenantRules = CoachingRules.For(new CoachingOptions(), new TenantCoaching { VisitAfterProductsViewed = 6, VisitOffer = "Book a site visit?", UrgencyStockThreshold = 0 });
        Direct("comparison", before: new ConversationState { ProductsViewedCount = 3, BudgetMax = 1000 }, shown: shown, rules: tenantRules)
            .Nudges.Should().BeEmpty("this tenant waits for six products");
        Direct("comparison", before: new ConversationState { ProductsViewedCount = 6, BudgetMax = 1000 }, shown: shown, rules: tenantRules)
            .Text.Should().Be("Book a site visit?");
    }

    [Fact]
    public void A_budget_question_is_asked_once_when_the_budget_is_unknown()
    {
        var shown = Products.Take(1).ToList();
        var asked = Direct("product_search", shown: shown);
        asked.Text.Should().Be(ConversationDirector.BudgetQuestion);
        asked.State.AskedQualifyingQuestion.Should().BeTrue();

        Direct("product_search", before: new ConversationState { AskedQualifyingQuestion = true }, shown: shown).Text.Should().BeNull();
        Direct("product_search", before: new ConversationState { BudgetMax = 900 }, shown: shown).Text.Should().BeNull();
        Direct("product_search").Text.Should().BeNull("nothing was shown");
        Direct("product_search", shown: shown, rules: NoUrgency with { AskBudget = false }).Text.Should().BeNull();
    }

    [Fact]
    public void A_price_objection_makes_the_value_case_from_catalog_data_in_the_local_mode_only()
    {
        var objected = Rated;
        var before = new ConversationState { LastShownProductIds = [objected.Id], BudgetMax = 2000 };

        var local = Direct(ClassificationIntents.PriceObjection, before: before, shown: Products.Skip(1).Take(1).ToList());
        local.Text.Should().Be("For what it's worth, the Acme Pro 14 is rated 4.7/5 by customers. A light laptop with a bright screen.");
        local.Chips.Should().Contain(PipelineChips.ShowCheaper);
        local.State.InterestedProductIds.Should().Contain(objected.Id);
        local.Stage.Should().Be("consideration");

        Direct(ClassificationIntents.PriceObjection, before: before, local: false).Text.Should().BeNull("the model was told to make the case");
        Direct(ClassificationIntents.PriceObjection, before: before with { NudgesGiven = [Nudges.Value(objected.Id)] }).Text.Should().BeNull();
        Direct(ClassificationIntents.PriceObjection, before: before, rules: NoUrgency with { PriceObjectionAlternatives = false })
            .Text.Should().BeNull();
    }

    [Fact]
    public void The_value_case_quotes_the_whole_first_sentence_even_with_a_decimal_in_it()
    {
        var product = new Product
        {
            Id = Guid.NewGuid(), Sku = "AIR-15", Name = "Acme Air 15", Brand = "Acme", Category = "Laptops", Price = 1299m, Currency = "USD",
            Stock = 12, Rating = 4.8m, Description = "The larger Air with a 15.3-inch screen and six-speaker sound. All the portability of the Air.",
        };

        ConversationDirector.ValuePitch(product).Should()
            .Be("For what it's worth, the Acme Air 15 is rated 4.8/5 by customers. The larger Air with a 15.3-inch screen and six-speaker sound.");
    }

    [Fact]
    public void Urgency_comes_only_from_low_stock_of_a_product_shown()
    {
        var before = new ConversationState { BudgetMax = 5000, AskedQualifyingQuestion = true };
        var rules = CoachingRules.Defaults;
        Direct("product_search", before: before, shown: [Stocked(3)], rules: rules).Text.Should().Be("Only 3 left of the Stocked 3.");
        Direct("product_search", before: before, shown: [Stocked(6)], rules: rules).Text.Should().BeNull("above the threshold of five");
        Direct("product_search", before: before, shown: [Stocked(0)], rules: rules).Text.Should().BeNull("out of stock is not urgency");
        var low = Stocked(2);
        Direct("product_search", before: before with { NudgesGiven = [Nudges.Urgency(low.Id)] }, shown: [low], rules: rules).Text.Should().BeNull();
        Direct("product_search", before: before, shown: [Stocked(3)], rules: CoachingRules.Defaults with { UrgencyStockThreshold = 0 }).Text.Should().BeNull();
    }

    [Fact]
    public void Nothing_is_nudged_once_a_human_was_offered_or_when_coaching_is_off()
    {
        var before = new ConversationState { ProductsViewedCount = 10 };
        var shown = new List<Product> { Stocked(1) };
        Direct("product_search", before: before with { Escalated = true }, after: before with { Escalated = true }, shown: shown,
            rules: CoachingRules.Defaults).Nudges.Should().BeEmpty();
        Direct("product_search", before: before, shown: shown, escalating: true, rules: CoachingRules.Defaults).Nudges.Should().BeEmpty();
        Direct("product_search", before: before, shown: shown, rules: CoachingRules.Defaults).Nudges.Should().NotBeEmpty("the same turn without escalation is nudged");
        Direct("product_search", before: before, shown: shown, rules: CoachingRules.Defaults with { Enabled = false }).Nudges.Should().BeEmpty();
    }

    [Fact]
    public void Escalation_fires_on_a_request_a_complaint_or_frustration_at_the_threshold_only()
    {
        var rules = CoachingRules.Defaults;
        var calm = new ConversationState();
        EscalationRules.Decide("human_handoff", Calm, calm, rules).Should().Be(new EscalationDecision(true, "request"));
        EscalationRules.Decide("request_callback", Calm, calm, rules).Reason.Should().Be("request");
        EscalationRules.Decide("complaint", Calm, calm, rules).Reason.Should().Be("complaint");
        EscalationRules.Decide("product_search", new SentimentReading("frustrated", 7, 7, "rules"), calm, rules).Reason.Should().Be("frustration");

        EscalationRules.Decide("product_search", new SentimentReading("frustrated", 6, 6, "rules"), calm, rules).Offer.Should().BeFalse();
        EscalationRules.Decide("price_objection", new SentimentReading("negative", 3, 3, "rules"), calm, rules).Offer.Should().BeFalse();
        EscalationRules.Decide("product_search", new SentimentReading("frustrated", 9, 9, "rules"), calm with { Escalated = true }, rules)
            .Offer.Should().BeFalse("frustration offers a human once");
        EscalationRules.Decide("product_search", new SentimentReading("frustrated", 6, 6, "rules"), calm,
            CoachingRules.For(new CoachingOptions(), new TenantCoaching { EscalationFrustrationThreshold = 5 })).Offer.Should().BeTrue();
    }
}
