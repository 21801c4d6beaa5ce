using SalesMate.Services.Intelligence;

namespace SalesMate.Tests.RealEstate;

public class QueryPreprocessorTests
{
    private static readonly QueryPreprocessor Preprocessor = new();

    [Theory]
    [InlineData("2bhk in whitfield under 2cr", "2BHK in Whitefield under 2cr")]
    [InlineData("Show me 2 bhk in white field", "Show me 2BHK in Whitefield")]
    [InlineData("3-bhk near hebal", "3BHK near Hebbal")]
    [InlineData("flats on sarjpur road", "flats on Sarjapur Road")]
    [InlineData("anything in electronic city?", "anything in Electronic City?")]
    [InlineData("koramangla 3bhk", "Koramangala 3BHK")]
    [InlineData("homes in yelahnka", "homes in Yelahanka")]
    public void Normalises_locations_and_configurations_of_the_homes_catalog(string message, string expected)
    {
        Preprocessor.Preprocess(message, DemoCatalogs.Homes).Text.Should().Be(expected);
    }

    [Theory]
    [InlineData("is the macbok any good", "is the MacBook any good")]
    [InlineData("a lenvo laptop", "a Lenovo laptop")]
    [InlineData("samsng phones", "Samsung phones")]
    [InlineData("tell me about the zenbok", "tell me about the Zenbook")]
    public void Corrects_misspelled_brands_and_product_names_of_the_electronics_catalog(string message, string expected)
    {
        Preprocessor.Preprocess(message, DemoCatalogs.Electronics).Text.Should().Be(expected);
    }

    [Fact]
    public void Reports_each_correction_with_its_edit_distance()
    {
        var result = Preprocessor.Preprocess("2bhk in whitfield", DemoCatalogs.Homes);
        result.Original.Should().Be("2bhk in whitfield");
        result.Corrections.Should().Equal(
            new SpellingCorrection("2bhk", "2BHK", 0),
            new SpellingCorrection("whitfield", "Whitefield", 1));
    }

    [Theory]
    [InlineData("show me something cheaper")]
    [InlineData("compare the first two")]
    [InlineData("I need a laptop for school")]
    [InlineData("what about the better model")]
    [InlineData("thanks, that's all")]
    [InlineData("my budget is about 1500 dollars")]
    [InlineData("hello there")]
    [InlineData("any phones with a great camera")]
    [InlineData("headphones for the gym")]
    [InlineData("which one is lighter")]
    [InlineData("please email me at delll@exmple.com")]
    [InlineData("see https://www.lenvo.com/deals")]
    [InlineData("RTX 4060 or 4070?")]
    public void Leaves_everyday_words_numbers_emails_and_links_alone(string message)
    {
        var result = Preprocessor.Preprocess(message, DemoCatalogs.Electronics);
        result.Text.Should().Be(message);
        result.Corrections.Should().BeEmpty();
    }

    [Theory]
    [InlineData("show me homes near good schools")]
    [InlineData("something cheaper please")]
    [InlineData("what about a bigger flat")]
    [InlineData("I want a ready to move home")]
    [InlineData("my name is Harish, call me tomorrow")]
    [InlineData("between 1.5 and 3 crore")]
    public void Leaves_ordinary_real_estate_talk_alone(string message)
    {
        Preprocessor.Preprocess(message, DemoCatalogs.Homes).Text.Should().Be(message);
    }

    [Fact]
    public void Corrections_come_only_from_the_tenants_own_catalog()
    {
        Preprocessor.Preprocess("whitfield", DemoCatalogs.Electronics).Text.Should().Be("whitfield", "the electronics store has no such locality");
        Preprocessor.Preprocess("macbok", DemoCatalogs.Homes).Text.Should().Be("macbok", "the homes catalog has no MacBook");
    }

    [Fact]
    public void A_word_as_close_to_two_catalog_words_is_not_guessed()
    {
        var catalog = new SalesMate.Vector.CatalogSnapshot(Guid.NewGuid(), 1,
        [
            Product("Carter Speaker", "Carter"),
            Product("Carver Speaker", "Carver"),
        ], "USD");
        Preprocessor.Preprocess("a carzer speaker", catalog).Text.Should().Be("a carzer speaker", "Carter and Carver are both one edit away");
        Preprocessor.Preprocess("a cartre speaker", catalog).Text.Should().Be("a Carter speaker");
    }

    private static SalesMate.Core.Entities.Product Product(string name, string brand) => new()
    {
        Id = Guid.NewGuid(), Sku = name, Name = name, Brand = brand, Category = "Speakers", Price = 100m, Currency = "USD",
    };
}
