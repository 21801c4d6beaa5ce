using SalesMate.Core.Entities;
using SalesMate.Services.Summaries;

namespace SalesMate.Tests.Summaries;

/// <summary>The budget a sales summary states is the one the shopper gave, not the range the search used around it.</summary>
public sealed class SummaryBudgetTests
{
    [Fact]
    public void Around_a_figure_is_summarised_as_that_figure()
    {
        var state = new ConversationState { BudgetTarget = 2000m, BudgetMin = 1700m, BudgetMax = 2300m, BudgetCurrency = "USD" };

        ExtractiveSummary.Budget(state, "USD").Should().Be("around $2,000");
    }

    [Fact]
    public void A_ceiling_or_a_range_is_summarised_as_given()
    {
        ExtractiveSummary.Budget(new ConversationState { BudgetMax = 400m }, "USD").Should().Be("up to $400");
        ExtractiveSummary.Budget(new ConversationState { BudgetMin = 1500000m, BudgetMax = 3000000m, BudgetCurrency = "INR" }, "USD")
            .Should().Be("₹15 L to ₹30 L");
        ExtractiveSummary.Budget(new ConversationState(), "USD").Should().BeNull();
    }
}
