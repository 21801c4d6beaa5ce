using SalesMate.Core.Entities;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Intelligence.Structured;
using SalesMate.Services.Products;
using SalesMate.Tests.RealEstate;

namespace SalesMate.Tests.Intelligence;

/// <summary>What the checks of the structured coaching and spelling answers accept, reject and drop.</summary>
public sealed class StructuredValidatorTests
{
    private static readonly SentimentReading Calm = new("neutral", 0, 0, "rules");

    private static CoachingPlan Plan(ConversationState? before = null, CoachingRules? rules = null)
    {
        before ??= new ConversationState();
        var shown = DemoCatalogs.Electronics.Products.Where(p => p.Category == "Tablets" && p.Stock > 20).Take(2)
            .Select(p => new Recommendation(p, 1, "fits", [])).ToList();
        var after = before with { TurnCount = before.TurnCount + 1, ProductsViewedCount = before.ProductsViewedCount + shown.Count };
        return ConversationDirector.Plan(new DirectorInput(before, after, "product_search", "show me tablets", Calm, shown,
            DemoCatalogs.Electronics, rules ?? CoachingRules.Defaults, false, false));
    }

    [Fact]
    public void A_nudge_the_rules_do_not_allow_now_is_an_error_and_none_is_always_fine()
    {
        var plan = Plan();
        plan.Allowed.Select(n => n.Kind).Should().Equal("budget_question");
        plan.Urgency.Should().BeNull("every tablet shown is well stocked");

        CoachingValidator.Validate("""{"stage":"awareness","engagement":2,"nudge":"budget_question"}""", plan).Result!.NudgeKind.Should().Be("budget_question");
        CoachingValidator.Validate("""{"stage":"awareness","engagement":2,"nudge":null}""", plan).Result!.NudgeKind.Should().BeNull();
        foreach (var nudge in new[] { "visit", "urgency", "value", "only_2_left" })
        {
            var outcome = CoachingValidator.Validate($$"""{"stage":"awareness","engagement":2,"nudge":"{{nudge}}"}""", plan);
            outcome.Result.Should().BeNull(nudge);
            outcome.Errors.Should().ContainSingle().Which.Should().NotContain(nudge == "visit" ? "visit," : "only_2");
        }
        var escalated = Plan(new ConversationState { Escalated = true });
        escalated.Allowed.Should().BeEmpty();
        CoachingValidator.Validate("""{"stage":"awareness","engagement":2,"nudge":"budget_question"}""", escalated).Errors
            .Should().Equal("nudge must be null: no nudge is allowed now");
    }

    [Theory]
    [InlineData("""{"stage":"interested","engagement":2,"nudge":null}""", "stage must be one of")]
    [InlineData("""{"stage":"awareness","engagement":11,"nudge":null}""", "engagement must be a number from 0 to 10")]
    [InlineData("""{"stage":"awareness","engagement":"high","nudge":null}""", "engagement must be a number from 0 to 10")]
    [InlineData("""["awareness"]""", "one JSON object")]
    [InlineData("The shopper is keen.", "not valid JSON")]
    public void Malformed_coaching_answers_are_errors(string reply, string error) =>
        CoachingValidator.Validate(reply, Plan()).Errors.Should().ContainSingle().Which.Should().Contain(error);

    [Fact]
    public void The_models_stage_never_moves_the_conversation_back()
    {
        var plan = Plan(new ConversationState { Stage = "decision", BudgetMax = 500 });
        var choice = CoachingValidator.Validate("""{"stage":"awareness","engagement":4,"nudge":null}""", plan).Result!;
        ConversationDirector.Finish(plan, choice).Stage.Should().Be("decision");
    }

    private static readonly IReadOnlyCollection<string> HomesEntities = ["Whitefield", "Sarjapur Road", "2BHK", "Hebbal"];

    [Fact]
    public void Spellings_map_to_the_catalogs_entities_and_everything_else_is_dropped()
    {
        const string message = "2bhk near sarjapur rd or bangalore palace, mail me at hebal@example.com";
        var result = SpellingValidator.Validate("""
            {"corrections":[
              {"written":"sarjapur rd","catalog":"sarjapur road"},
              {"written":"bangalore palace","catalog":"Bangalore Palace"},
              {"written":"near","catalog":"Hebbal"},
              {"written":"hebal","catalog":"Hebbal"},
              {"written":"koramangala","catalog":"Whitefield"},
              {"written":"2bhk","catalog":"2BHK"}
            ]}
            """, message, HomesEntities).Result!;

        result.Text.Should().Be("2BHK near Sarjapur Road or bangalore palace, mail me at hebal@example.com");
        result.Corrections.Select(c => (c.Original, c.Corrected)).Should().Equal(("2bhk", "2BHK"), ("sarjapur rd", "Sarjapur Road"));
        result.Source.Should().Be("model");
    }

    [Theory]
    [InlineData("""{"corrections":"Whitefield"}""", "corrections must be an array")]
    [InlineData("""{"corrections":[{"written":"whitfield"}]}""", "each correction must be an object")]
    [InlineData("""{"fixes":[]}""", "corrections must be an array")]
    [InlineData("whitfield -> Whitefield", "not valid JSON")]
    public void Malformed_spelling_answers_are_errors(string reply, string error) =>
        SpellingValidator.Validate(reply, "flats in whitfield", HomesEntities).Errors.Should().ContainSingle().Which.Should().Contain(error);
}
