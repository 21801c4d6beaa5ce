using System.Globalization;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;

namespace SalesMate.Tests.RealEstate;

public class RealEstateUnderstandingTests
{
    private static QueryParser Parser => DemoCatalogs.Homes.Parser;

    [Fact]
    public void Reads_configuration_location_and_a_crore_budget()
    {
        var query = Parser.Parse("Show me 2BHK in Whitefield under 2 Cr");
        query.Categories.Should().Equal("Apartments");
        query.Budget.Should().Be(new Budget(null, 20_000_000m, "INR"));
        query.Features.Should().Contain(["2bhk", "whitefield"]);
        query.Attributes.Should().ContainKey("Configuration").WhoseValue.Should().Equal("2bhk");
        query.Attributes.Should().ContainKey("Location").WhoseValue.Should().Equal("whitefield");
    }

    [Theory]
    [InlineData("under 2 Cr", null, "20000000")]
    [InlineData("below 2cr", null, "20000000")]
    [InlineData("1.5cr max", null, "15000000")]
    [InlineData("80 lakh to 1.2 cr", "8000000", "12000000")]
    [InlineData("between 1.5 and 3 crore", "15000000", "30000000")]
    [InlineData("under 95L", null, "9500000")]
    [InlineData("up to 95 lac", null, "9500000")]
    [InlineData("within 60 lakhs", null, "6000000")]
    [InlineData("₹1.85 Cr", null, "18500000")]
    [InlineData("budget of 1,20,00,000", null, "12000000")]
    public void Reads_indian_money_units(string text, string? min, string? max)
    {
        var budget = Parser.Parse(text).Budget;
        budget.Should().NotBeNull();
        budget!.Min.Should().Be(min is null ? null : decimal.Parse(min, CultureInfo.InvariantCulture));
        budget.Max.Should().Be(max is null ? null : decimal.Parse(max, CultureInfo.InvariantCulture));
        budget.Currency.Should().Be("INR");
    }

    [Theory]
    [InlineData("3 BHK in Hebbal between 1.5 and 3 crore", "3bhk", "hebbal")]
    [InlineData("1bhk flats in electronic city", "1bhk", "electronic city")]
    [InlineData("2 bhk on Sarjapur Road", "2bhk", "sarjapur road")]
    [InlineData("a 2BHK in sarjapur", "2bhk", "sarjapur road")]
    public void Configurations_and_locations_are_attributes(string message, string configuration, string location)
    {
        var query = Parser.Parse(message);
        query.Attributes["Configuration"].Should().Equal(configuration);
        query.Attributes["Location"].Should().Equal(location);
        query.Categories.Should().Equal("Apartments");
    }

    [Fact]
    public void Attributes_come_from_the_catalog_not_from_a_list()
    {
        var homes = DemoCatalogs.Homes.Vocabulary.Attributes;
        homes["Location"].Select(v => v.Display).Should().Contain(["Whitefield", "Sarjapur Road", "Hebbal", "Electronic City"]);
        homes["Configuration"].Select(v => v.Display).Should().Equal("1BHK", "2BHK", "3BHK");
        homes.Should().NotContainKey("Area", "every unit has its own area").And.NotContainKey("Amenities", "amenity lists are long text")
            .And.NotContainKey("City", "a value every product shares filters nothing");

        homes.Should().ContainKey("Possession").And.ContainKey("Project");

        DemoCatalogs.Electronics.Vocabulary.Attributes.Should().ContainKey("RAM").And.NotContainKey("Location");
        DemoCatalogs.Electronics.Vocabulary.AttributeOf("32gb ram").Should().Be("RAM", "a value named with its key is that attribute");
        DemoCatalogs.Electronics.Parser.Parse("laptop in whitefield").Attributes.Should().BeEmpty();
    }

    [Fact]
    public void Words_that_only_look_like_money_or_places_are_not_read_as_them()
    {
        Parser.Parse("2BHK near good schools").Budget.Should().BeNull();
        Parser.Parse("3 BHK with 2 bathrooms").Budget.Should().BeNull();
        Parser.Parse("a flat on a main road").Attributes.Should().NotContainKey("Location", "\"road\" alone names no locality");
        Parser.Parse("something in the city").Attributes.Should().NotContainKey("Location");
    }

    [Theory]
    [InlineData("18500000", "INR", "₹1.85 Cr")]
    [InlineData("20000000", "INR", "₹2 Cr")]
    [InlineData("9500000", "INR", "₹95 L")]
    [InlineData("100000", "INR", "₹1 L")]
    [InlineData("12999999", "INR", "₹1,29,99,999")]
    [InlineData("129999", "INR", "₹1,29,999")]
    [InlineData("79999", "INR", "₹79,999")]
    [InlineData("1299.99", "USD", "$1,299.99")]
    [InlineData("1500", "USD", "$1,500")]
    [InlineData("1500000", "USD", "$1,500,000")]
    public void Rupees_are_written_in_lakh_and_crore_other_currencies_as_before(string amount, string currency, string expected)
    {
        Money.Format(decimal.Parse(amount, CultureInfo.InvariantCulture), currency).Should().Be(expected);
    }
}
