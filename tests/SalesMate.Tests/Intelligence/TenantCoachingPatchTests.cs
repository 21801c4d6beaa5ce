using System.Text.Json;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Services.Admin;

namespace SalesMate.Tests.Intelligence;

public sealed class TenantCoachingPatchTests
{
    private static (TenantSettings Settings, PatchFields Fields) Apply(TenantSettings current, string json)
    {
        var fields = new PatchFields();
        using var patch = JsonDocument.Parse(json);
        var (settings, _) = TenantSettingsPatch.Apply(current, patch.RootElement, new HashSet<string> { "USD" }, fields);
        return (settings, fields);
    }

    [Fact]
    public void A_tenant_sets_and_clears_its_coaching_rules_one_by_one()
    {
        var (set, fields) = Apply(new TenantSettings(),
            """{"coaching": {"visit_after_products_viewed": 5, "visit_offer": "Shall I book a site visit?", "escalation_frustration_threshold": 6}}""");
        fields.HasErrors.Should().BeFalse();
        set.Coaching.Should().Be(new TenantCoaching { VisitAfterProductsViewed = 5, VisitOffer = "Shall I book a site visit?", EscalationFrustrationThreshold = 6 });

        var (cleared, _) = Apply(set, """{"coaching": {"visit_offer": null}}""");
        cleared.Coaching.VisitOffer.Should().BeNull();
        cleared.Coaching.VisitAfterProductsViewed.Should().Be(5);
        Apply(set, """{"coaching": null}""").Settings.Coaching.Should().Be(new TenantCoaching());
    }

    [Fact]
    public void Out_of_range_or_unknown_coaching_settings_are_reported_by_field()
    {
        var (_, fields) = Apply(new TenantSettings(), """{"coaching": {"escalation_frustration_threshold": 11, "urgency": true}}""");
        var error = FluentActions.Invoking(fields.ThrowIfInvalid).Should().Throw<RequestValidationException>().Which;
        error.Errors.Keys.Should().BeEquivalentTo(["settings.coaching.escalation_frustration_threshold", "settings.coaching.urgency"]);
    }
}
