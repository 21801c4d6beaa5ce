using SalesMate.Services.Intelligence;
using SalesMate.Services.Intelligence.Structured;
using SalesMate.Services.Profiles;

namespace SalesMate.Tests.Intelligence;

/// <summary>What the checks of the structured enrichment and escalation answers accept and reject.</summary>
public sealed class EnrichEscalateValidatorTests
{
    private static readonly RememberedFilters Offered = new(null, 1500m, "USD", ["Laptops"], null);

    [Fact]
    public void Enrichment_keeps_only_what_the_model_chose_among_the_offered_filters()
    {
        var dropped = EnrichmentValidator.Validate("""{"budget":false,"categories":["laptops"],"location":false}""", Offered).Result!;
        dropped.HasBudget.Should().BeFalse();
        dropped.Categories.Should().Equal("Laptops");

        var kept = EnrichmentValidator.Validate("""{"budget":true,"categories":[],"location":false}""", Offered).Result!;
        kept.BudgetMax.Should().Be(1500m, "the value is the rules', never the model's");
        kept.Categories.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"budget":true,"categories":["Phones"],"location":false}""", "categories may only name the remembered ones: Laptops")]
    [InlineData("""{"budget":true,"categories":[],"location":true}""", "location must be false: none is remembered")]
    [InlineData("""{"budget":"1000","categories":[],"location":false}""", "budget must be true or false")]
    [InlineData("""{"budget":true,"location":false}""", "categories must be an array")]
    public void Enrichment_that_adds_anything_not_offered_is_an_error(string reply, string error) =>
        EnrichmentValidator.Validate(reply, Offered).Errors.Should().Contain(error);

    [Fact]
    public void Escalation_can_add_an_offer_but_never_remove_the_rules_one()
    {
        var request = new EscalationDecision(true, "request");
        EscalationValidator.Validate("""{"offer":false,"reason":null}""", request).Errors.Should()
            .Equal("offer must be true: the store's rules offer a person this turn (request)");
        EscalationValidator.Validate("""{"offer":true,"reason":"frustration"}""", request).Result!.Reason.Should().Be("request", "the rules' reason stands");

        EscalationValidator.Validate("""{"offer":true,"reason":"repeated_failure"}""", EscalationDecision.None).Result!
            .Should().Match<EscalationDecision>(d => d.Offer && d.Reason == "repeated_failure" && d.ByModel);
        EscalationValidator.Validate("""{"offer":false,"reason":null}""", EscalationDecision.None).Result!.Offer.Should().BeFalse();
        EscalationValidator.Validate("""{"offer":true,"reason":"lonely"}""", EscalationDecision.None).Result.Should().BeNull();
        EscalationValidator.Validate("""{"offer":"yes"}""", EscalationDecision.None).Result.Should().BeNull();
    }
}
