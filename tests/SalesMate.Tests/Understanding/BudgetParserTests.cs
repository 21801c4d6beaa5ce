using System.Globalization;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Tests.Understanding;

public class BudgetParserTests
{
    private static decimal? D(string? value) => value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture);

    [Theory]
    // ceilings
    [InlineData("laptop under $800", null, "800", null, "USD")]
    [InlineData("something below 1k", null, "1000", null, "USD")]
    [InlineData("less than 700 please", null, "700", null, "USD")]
    [InlineData("up to 1,299.99", null, "1299.99", null, "USD")]
    [InlineData("max 900 dollars", null, "900", null, "USD")]
    [InlineData("no more than 500", null, "500", null, "USD")]
    [InlineData("my budget is 1200", null, "1200", null, "USD")]
    [InlineData("budget of $1,200", null, "1200", null, "USD")]
    [InlineData("budget: 60000", null, "60000", null, "USD")]
    [InlineData("within 50k", null, "50000", null, "USD")]
    [InlineData("under 800 bucks", null, "800", null, "USD")]
    [InlineData("Phones under 4k", null, "4000", null, "USD")]
    // bare amounts with a currency
    [InlineData("$1500", null, "1500", null, "USD")]
    [InlineData("I have ₹50,000", null, "50000", null, "INR")]
    [InlineData("Rs 45000", null, "45000", null, "INR")]
    [InlineData("rs.45,000 for a phone", null, "45000", null, "INR")]
    [InlineData("50k rupees", null, "50000", null, "INR")]
    [InlineData("1.5 lakh", null, "150000", null, "INR")]
    [InlineData("1.5 lakhs", null, "150000", null, "INR")]
    [InlineData("15 lac", null, "1500000", null, "INR")]
    [InlineData("2 Cr", null, "20000000", null, "INR")]
    [InlineData("2 crore", null, "20000000", null, "INR")]
    [InlineData("€900", null, "900", null, "EUR")]
    [InlineData("£750", null, "750", null, "GBP")]
    [InlineData("900 euros", null, "900", null, "EUR")]
    [InlineData("1,50,000 INR", null, "150000", null, "INR")]
    [InlineData("spend 2 million usd", null, "2000000", null, "USD")]
    // ranges
    [InlineData("between 500 and 1,000", "500", "1000", null, "USD")]
    [InlineData("between 1000 and 500", "500", "1000", null, "USD")]
    [InlineData("from 300 to 600", "300", "600", null, "USD")]
    [InlineData("300-600", "300", "600", null, "USD")]
    [InlineData("$300 - $600", "300", "600", null, "USD")]
    [InlineData("€300 to 600", "300", "600", null, "EUR")]
    [InlineData("50-60k", "50000", "60000", null, "USD")]
    [InlineData("between 1 and 1.5 lakh", "100000", "150000", null, "INR")]
    // around
    [InlineData("around 1.2k", "1020", "1380", "1200", "USD")]
    [InlineData("about 900", "765", "1035", "900", "USD")]
    [InlineData("~1000", "850", "1150", "1000", "USD")]
    [InlineData("my budget is around ₹40,000", "34000", "46000", "40000", "INR")]
    // floors
    [InlineData("over 500", "500", null, null, "USD")]
    [InlineData("at least 500", "500", null, null, "USD")]
    [InlineData("above 2k", "2000", null, null, "USD")]
    [InlineData("more than £300", "300", null, null, "GBP")]
    [InlineData("over 500 but under 900", "500", "900", null, "USD")]
    // budget next to spec numbers
    [InlineData("16GB RAM laptop under 1000", null, "1000", null, "USD")]
    [InlineData("RTX 4070 under $1,800", null, "1800", null, "USD")]
    [InlineData("WH-1000XM6 or similar under 300", null, "300", null, "USD")]
    [InlineData("iPhone 16 for $900", null, "900", null, "USD")]
    [InlineData("laptop under 800 in black", null, "800", null, "USD")]
    [InlineData("Under Rs. 30,000", null, "30000", null, "INR")]
    [InlineData("700$", null, "700", null, "USD")]
    [InlineData("USD 750", null, "750", null, "USD")]
    [InlineData("not over 700", null, "700", null, "USD")]
    [InlineData("upto 60k", null, "60000", null, "USD")]
    [InlineData("25k-30k", "25000", "30000", null, "USD")]
    [InlineData("price range 400-700", "400", "700", null, "USD")]
    [InlineData("i7-13700H under 1500", null, "1500", null, "USD")]
    public void Parses_budget_forms(string text, string? min, string? max, string? target, string currency)
    {
        Budget? budget = BudgetParser.Parse(text, "USD");

        budget.Should().NotBeNull();
        budget!.Min.Should().Be(D(min));
        budget.Max.Should().Be(D(max));
        budget.Target.Should().Be(D(target));
        budget.Currency.Should().Be(currency);
    }

    [Fact]
    public void Around_bounds_have_no_trailing_zeros()
    {
        Budget budget = BudgetParser.Parse("about 900", "USD")!;
        budget.Min!.Value.ToString(CultureInfo.InvariantCulture).Should().Be("765");
        budget.Max!.Value.ToString(CultureInfo.InvariantCulture).Should().Be("1035");
    }

    [Theory]
    [InlineData("laptop under 800", "INR")]
    [InlineData("budget 800", "EUR")]
    public void Uses_the_default_currency_when_none_is_given(string text, string currency)
    {
        BudgetParser.Parse(text, currency).Should().Be(new Budget(null, 800m, currency));
    }

    [Theory]
    [InlineData("16GB RAM")]
    [InlineData("RTX 4070")]
    [InlineData("RTX 5060 laptop")]
    [InlineData("15 inch laptop")]
    [InlineData("15.6\" screen")]
    [InlineData("2TB storage")]
    [InlineData("144Hz monitor")]
    [InlineData("5G phone")]
    [InlineData("iPhone 16")]
    [InlineData("Galaxy S25")]
    [InlineData("Windows 11")]
    [InlineData("1080p webcam")]
    [InlineData("4K monitor")]
    [InlineData("2BHK in Whitefield")]
    [InlineData("3 monitors")]
    [InlineData("compare the first two")]
    [InlineData("model year 2026")]
    [InlineData("Core i7")]
    [InlineData("Ryzen 9")]
    [InlineData("under 2 kg")]
    [InlineData("under 15 inches")]
    [InlineData("WH-1000XM6")]
    [InlineData("a laptop for 800")]
    [InlineData("compare 1-3")]
    [InlineData("at least 16 GB")]
    [InlineData("iPhone 16 Pro Max 256")]
    [InlineData("rated above 4 stars")]
    [InlineData("models from 2020-2024")]
    [InlineData("more about the second one")]
    [InlineData("phone 555-123-4567")]
    [InlineData("call me on (555) 123-4567")]
    [InlineData("")]
    public void Does_not_read_specs_or_counts_as_money(string text)
    {
        BudgetParser.Parse(text, "USD").Should().BeNull();
    }
}
