using SalesMate.Core.Entities;
using SalesMate.Services.Leads;

namespace SalesMate.Tests.Leads;

/// <summary>The buying-signal and objection rules: what must fire, and what must not.</summary>
public sealed class LeadSignalRulesTests
{
    [Theory]
    [InlineData("Can I book a demo of the Zenbook this week?", LeadSignals.DemoRequested)]
    [InlineData("I'd like to schedule a site visit on Saturday", LeadSignals.VisitRequested)]
    [InlineData("could we come by the showroom? can I visit your store tomorrow", LeadSignals.VisitRequested)]
    [InlineData("Please call me back at 555 0134", LeadSignals.CallbackRequested)]
    [InlineData("can you send me the brochure?", LeadSignals.BrochureRequested)]
    [InlineData("Great, I'll take it", LeadSignals.BuyingLanguage)]
    [InlineData("I want to buy the second one", LeadSignals.BuyingLanguage)]
    [InlineData("can I talk to a salesperson?", LeadSignals.HumanRequested)]
    [InlineData("what's the warranty on this?", LeadSignals.PolicyQuestion)]
    [InlineData("that's too expensive for me", LeadSignals.PriceObjection)]
    public void Words_alone_raise_the_signal(string message, string signal) =>
        LeadSignalRules.Detect("product_search", message).Select(s => s.Name).Should().Contain(signal);

    [Theory]
    [InlineData("schedule_visit", "when can I see the flat?", LeadSignals.VisitRequested)]
    [InlineData("schedule_visit", "set up a demo for me", LeadSignals.DemoRequested)]
    [InlineData("schedule_demo", "show me how it works live", LeadSignals.DemoRequested)]
    [InlineData("request_callback", "ring me", LeadSignals.CallbackRequested)]
    [InlineData("price_objection", "hmm", LeadSignals.PriceObjection)]
    [InlineData("comparison", "compare them", LeadSignals.Comparison)]
    [InlineData("product_detail", "tell me more", LeadSignals.ProductDetail)]
    public void The_pipeline_intent_raises_the_signal(string intent, string message, string signal) =>
        LeadSignalRules.Detect(intent, message).Select(s => s.Name).Should().Contain(signal);

    [Theory]
    [InlineData("Please don't call me, I prefer email")]
    [InlineData("I'm not ready to buy yet, just looking")]
    [InlineData("the demo mode on my old laptop was annoying")]
    [InlineData("I visited a shop last week and they had nothing")]
    [InlineData("no need to send a brochure")]
    [InlineData("show me gaming laptops under $1500")]
    [InlineData("what is a good buy for students?")]
    public void Mentions_and_refusals_raise_no_buying_signal(string message)
    {
        var buying = new[]
        {
            LeadSignals.DemoRequested, LeadSignals.VisitRequested, LeadSignals.CallbackRequested, LeadSignals.BrochureRequested,
            LeadSignals.BuyingLanguage,
        };
        LeadSignalRules.Detect("product_search", message).Select(s => s.Name).Should().NotIntersectWith(buying);
    }

    [Theory]
    [InlineData("it's a bit steep, I saw it cheaper on Amazon", new[] { ObjectionTypes.Price, ObjectionTypes.Competitor })]
    [InlineData("not right now, maybe later", new[] { ObjectionTypes.Timing })]
    [InlineData("I'm worried about the battery", new[] { ObjectionTypes.Quality })]
    [InlineData("show me the best laptop under 1000", new string[0])]
    [InlineData("what's the price of the Zenbook?", new string[0])]
    public void Objections_are_typed(string message, string[] types) =>
        LeadSignalRules.Objections(message).Select(o => o.Type).Should().BeEquivalentTo(types);

    [Fact]
    public void Scores_cap_repeated_signals_and_temperatures_follow_the_thresholds()
    {
        var rules = LeadScoringRules.Default;
        LeadSignal S(string name) => new(name, Guid.NewGuid(), null, DateTime.UtcNow);

        var browsing = Enumerable.Range(0, 40).Select(_ => S(LeadSignals.Message)).ToList();
        var (engagement, intent) = rules.Score(browsing);
        engagement.Should().Be(6, "15 counted messages at 0.4");
        intent.Should().Be(0);
        rules.Temperature(engagement, intent).Should().Be(LeadTemperatures.Cold, "chatting a lot is not buying");

        var buying = new[] { LeadSignals.Message, LeadSignals.DemoRequested, LeadSignals.ContactEmail, LeadSignals.ContactPhone, LeadSignals.BudgetStated }
            .Select(S).ToList();
        (engagement, intent) = rules.Score(buying);
        intent.Should().Be(8);
        rules.Temperature(engagement, intent).Should().Be(LeadTemperatures.Hot);
        rules.Temperature(engagement, 4).Should().Be(LeadTemperatures.Warm);
    }

    [Fact]
    public void Tenant_settings_override_the_configured_thresholds_and_points()
    {
        var tenant = new TenantLeadSettings
        {
            HotThreshold = 9.5,
            Weights = new() { [LeadSignals.DemoRequested] = new SignalPoints { Intent = 0.5 } },
        };
        var rules = LeadSignals.Resolve(new Config.LeadOptions { WarmThreshold = 2 }, tenant);
        rules.HotThreshold.Should().Be(9.5);
        rules.WarmThreshold.Should().Be(2);
        rules.Points[LeadSignals.DemoRequested].Intent.Should().Be(0.5);
        rules.Points[LeadSignals.DemoRequested].Engagement.Should().Be(0.5, "only the overridden value changes");
    }

    [Fact]
    public void Configuration_names_the_broken_setting()
    {
        var options = new Config.LeadOptions { HotThreshold = 2, WarmThreshold = 5 };
        options.Weights["not_a_signal"] = new Config.SignalPointsOptions { Intent = 1 };
        var errors = Config.LeadScoringLimits.Check("leads", options.HotThreshold, options.WarmThreshold, options.IntentWeight, options.EngagementWeight,
            options.Weights.ToDictionary(w => w.Key, w => new SignalPoints { Intent = w.Value.Intent })).ToList();
        errors.Should().Contain(e => e.Contains("leads.warm_threshold")).And.Contain(e => e.Contains("leads.weights.not_a_signal"));
    }
}
