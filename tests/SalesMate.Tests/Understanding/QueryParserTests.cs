using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Tests.Understanding;

public class QueryParserTests
{
    private static readonly CatalogVocabulary Vocabulary = CatalogVocabulary.Build(UnderstandingTestCatalog.Products(), "USD");
    private static readonly QueryParser Parser = new(Vocabulary);

    [Theory]
    [InlineData("Show me laptops", "Laptops")]
    [InlineData("I want a notebook for work", "Laptops")]
    [InlineData("any good ultrabooks?", "Laptops")]
    [InlineData("need a new smartphone", "Phones")]
    [InlineData("cell phone for my dad", "Phones")]
    [InlineData("earbuds for the gym", "Headphones")]
    [InlineData("a headset for calls", "Headphones")]
    [InlineData("a 27 inch display", "Monitors")]
    [InlineData("phone with a big screen", "Phones")]
    [InlineData("gaming console for my kid", "Gaming")]
    [InlineData("something for gaming", "Gaming")]
    [InlineData("an xbox", "Gaming")]
    [InlineData("apartment near the metro", "Apartments")]
    public void Maps_category_words_and_synonyms_to_catalog_categories(string message, string category)
    {
        Parser.Parse(message).Categories.Should().Equal(category);
    }

    [Theory]
    [InlineData("laptop not dell under 1500", "Dell")]
    [InlineData("any laptop except an HP", "HP")]
    [InlineData("phones, anything but Samsung", "Samsung")]
    [InlineData("a laptop other than Lenovo", "Lenovo")]
    public void A_brand_the_shopper_rules_out_is_excluded_not_asked_for(string message, string brand)
    {
        var query = Parser.Parse(message);
        query.ExcludedBrands.Should().Equal(brand);
        query.Brands.Should().BeEmpty();
    }

    [Theory]
    [InlineData("I need a tablet")]
    [InlineData("a smartwatch please")]
    [InlineData("a dslr")]
    public void Synonyms_of_categories_the_catalog_lacks_map_to_nothing(string message)
    {
        var query = Parser.Parse(message);
        query.Categories.Should().BeEmpty();
        query.IsVague.Should().BeTrue();
    }

    [Fact]
    public void A_weak_category_word_the_catalog_lacks_can_still_be_a_catalog_feature()
    {
        // No Cameras category, but the Pixel is tagged "camera".
        var query = Parser.Parse("phone with a great camera");
        query.Categories.Should().Equal("Phones");
        query.Features.Should().Equal("camera");
    }

    [Fact]
    public void Gaming_laptop_is_a_laptop_with_the_gaming_feature()
    {
        var query = Parser.Parse("gaming laptop with RTX 4070");
        query.Categories.Should().Equal("Laptops");
        query.Features.Should().Equal("gaming", "rtx", "rtx 4070");
    }

    [Fact]
    public void Gaming_console_is_the_gaming_category_without_features()
    {
        var query = Parser.Parse("gaming console");
        query.Categories.Should().Equal("Gaming");
        query.Features.Should().BeEmpty();
    }

    [Fact]
    public void Brand_with_category_and_budget_is_a_fresh_search()
    {
        var query = Parser.Parse("Dell laptops under $1000");
        query.Brands.Should().Equal("Dell");
        query.Categories.Should().Equal("Laptops");
        query.Budget.Should().Be(new Budget(null, 1000m, "USD"));
        query.FollowUp.Should().Be(FollowUpKind.None);
    }

    [Theory]
    [InlineData("what about Dell?", "Dell")]
    [InlineData("any Lenovo ones?", "Lenovo")]
    [InlineData("show me HP instead", "HP")]
    [InlineData("Sony?", "Sony")]
    [InlineData("can we switch to Lenovo", "Lenovo")]
    public void A_lone_brand_is_an_other_brand_follow_up(string message, string brand)
    {
        var query = Parser.Parse(message);
        query.FollowUp.Should().Be(FollowUpKind.OtherBrand);
        query.Brands.Should().Equal(brand);
        query.Categories.Should().BeEmpty();
    }

    [Theory]
    [InlineData("laptop with 16GB RAM and 1TB storage", new[] { "16gb ram", "1tb" })]
    [InlineData("32 gb laptop", new[] { "32gb" })]
    [InlineData("headphones with ANC", new[] { "noise cancelling" })]
    [InlineData("noise-canceling headphones", new[] { "noise cancelling" })]
    [InlineData("OLED laptop", new[] { "oled" })]
    [InlineData("144Hz IPS monitor", new[] { "144hz", "ips" })]
    [InlineData("5G phone with usb-c", new[] { "5g", "usb c" })]
    [InlineData("laptop with an RTX", new[] { "rtx" })]
    public void Extracts_normalised_features(string message, string[] features)
    {
        Parser.Parse(message).Features.Should().Equal(features);
    }

    [Fact]
    public void Real_estate_query_reads_crore_budget_bhk_and_locality()
    {
        var query = Parser.Parse("Show me 2BHK in Whitefield under 2 Cr");
        query.Budget.Should().Be(new Budget(null, 20_000_000m, "INR"));
        query.Features.Should().Contain("2bhk").And.Contain("whitefield");
        query.Categories.Should().Equal("Apartments");
    }

    [Theory]
    [InlineData("something cheaper", FollowUpKind.Cheaper)]
    [InlineData("that's too expensive", FollowUpKind.Cheaper)]
    [InlineData("any less expensive options?", FollowUpKind.Cheaper)]
    [InlineData("lower price please", FollowUpKind.Cheaper)]
    [InlineData("something better", FollowUpKind.Better)]
    [InlineData("got a better one?", FollowUpKind.Better)]
    [InlineData("I want something more powerful", FollowUpKind.Better)]
    [InlineData("anything higher end?", FollowUpKind.Better)]
    [InlineData("I'd like to upgrade", FollowUpKind.Better)]
    public void Detects_price_and_quality_follow_ups(string message, FollowUpKind kind)
    {
        var query = Parser.Parse(message);
        query.FollowUp.Should().Be(kind);
        query.Ordinals.Should().BeEmpty();
        query.IsVague.Should().BeFalse();
    }

    [Theory]
    [InlineData("compare the first two", new[] { 1, 2 })]
    [InlineData("compare 1 and 3", new[] { 1, 3 })]
    [InlineData("compare the first and third", new[] { 1, 3 })]
    [InlineData("Compare #2 and #4", new[] { 2, 4 })]
    [InlineData("compare the 2nd and the last one", new[] { 2, -1 })]
    [InlineData("compare the top 3", new[] { 1, 2, 3 })]
    [InlineData("compare them", new int[0])]
    [InlineData("Zenbook vs XPS?", new int[0])]
    public void Compare_reads_positions(string message, int[] ordinals)
    {
        var query = Parser.Parse(message);
        query.FollowUp.Should().Be(FollowUpKind.Compare);
        query.Ordinals.Should().Equal(ordinals);
    }

    [Theory]
    [InlineData("more about the second one", new[] { 2 }, null)]
    [InlineData("details on #2", new[] { 2 }, null)]
    [InlineData("the last one", new[] { -1 }, null)]
    [InlineData("the third one?", new[] { 3 }, null)]
    [InlineData("tell me more about the Zenbook", new int[0], "zenbook")]
    [InlineData("Tell me about the Galaxy S25", new int[0], "galaxy s25")]
    [InlineData("more details on the Dell XPS 13", new int[0], "dell xps 13")]
    public void More_about_reads_position_or_product_reference(string message, int[] ordinals, string? reference)
    {
        var query = Parser.Parse(message);
        query.FollowUp.Should().Be(FollowUpKind.MoreAbout);
        query.Ordinals.Should().Equal(ordinals);
        query.ProductReference.Should().Be(reference);
    }

    [Fact]
    public void Compare_by_name_reports_every_product_named()
    {
        var query = Parser.Parse("can you compare the Zenbook and the Legion 5?");
        query.FollowUp.Should().Be(FollowUpKind.Compare);
        query.Ordinals.Should().BeEmpty();
        query.ProductReferences.Should().Equal("zenbook", "legion 5");
        query.ProductReference.Should().Be("zenbook");
    }

    [Fact]
    public void A_named_product_with_nothing_else_is_a_question_about_it()
    {
        var query = Parser.Parse("is the XPS available in stock?");
        query.FollowUp.Should().Be(FollowUpKind.MoreAbout);
        query.ProductReference.Should().Be("xps");
        query.InStockOnly.Should().BeTrue();
    }

    [Fact]
    public void Product_name_numbers_are_not_positions()
    {
        var query = Parser.Parse("how about the Pixel 9");
        query.FollowUp.Should().Be(FollowUpKind.MoreAbout);
        query.Ordinals.Should().BeEmpty();
        query.ProductReference.Should().Be("pixel 9");
    }

    [Theory]
    [InlineData("hi", SmallTalkKind.Greeting)]
    [InlineData("Hello there!", SmallTalkKind.Greeting)]
    [InlineData("good morning", SmallTalkKind.Greeting)]
    [InlineData("Namaste", SmallTalkKind.Greeting)]
    [InlineData("thanks!", SmallTalkKind.Thanks)]
    [InlineData("thank you so much", SmallTalkKind.Thanks)]
    [InlineData("appreciate it", SmallTalkKind.Thanks)]
    [InlineData("bye", SmallTalkKind.Goodbye)]
    [InlineData("that's all, thanks", SmallTalkKind.Goodbye)]
    [InlineData("see you", SmallTalkKind.Goodbye)]
    [InlineData("hello, what's your return policy?", SmallTalkKind.None)]
    [InlineData("hmm not sure", SmallTalkKind.None)]
    public void Detects_small_talk_only_when_the_message_is_mostly_small_talk(string message, SmallTalkKind kind)
    {
        var query = Parser.Parse(message);
        query.SmallTalk.Should().Be(kind);
        query.IsVague.Should().BeTrue();
        query.FollowUp.Should().Be(FollowUpKind.None);
    }

    [Fact]
    public void Greeting_with_a_product_request_is_not_small_talk()
    {
        var query = Parser.Parse("Hi, I need a laptop under $800");
        query.SmallTalk.Should().Be(SmallTalkKind.None);
        query.IsVague.Should().BeFalse();
        query.Categories.Should().Equal("Laptops");
        query.Budget.Should().Be(new Budget(null, 800m, "USD"));
        query.Features.Should().BeEmpty();
    }

    [Theory]
    [InlineData("laptops in stock", true)]
    [InlineData("which phones are available now?", true)]
    [InlineData("anything that ships today", true)]
    [InlineData("laptops with a backlit keyboard", false)]
    public void Detects_in_stock_requests(string message, bool inStock)
    {
        Parser.Parse(message).InStockOnly.Should().Be(inStock);
    }

    [Fact]
    public void Budget_amounts_do_not_leak_into_features_or_positions()
    {
        var query = Parser.Parse("compare the first two under 4k");
        query.FollowUp.Should().Be(FollowUpKind.Compare);
        query.Ordinals.Should().Equal(1, 2);
        query.Budget.Should().Be(new Budget(null, 4000m, "USD"));
        query.Features.Should().BeEmpty();
    }

    [Fact]
    public void Vocabulary_knows_catalog_categories_brands_and_name_words()
    {
        Vocabulary.Categories.Should().Equal("Apartments", "Gaming", "Headphones", "Laptops", "Monitors", "Phones");
        Vocabulary.Brands.Should().Contain(["ASUS", "Dell", "Lenovo", "HP", "Samsung", "Sony"]);
        Vocabulary.ProductNameWords.Should().Contain(["zenbook", "xps", "legion", "galaxy", "pixel"])
            .And.NotContain(["asus", "dell", "oled", "14", "pro"]);
        Vocabulary.Features.Should().Contain(["oled", "16gb", "16gb ram", "rtx", "rtx 4070", "noise cancelling", "2bhk", "touchscreen"]);
        Vocabulary.FindCategory("notebook").Should().Be("Laptops");
        Vocabulary.FindCategory("tablet").Should().BeNull();
        Vocabulary.DefaultCurrency.Should().Be("USD");
    }

    [Fact]
    public void Parsing_a_text_again_gives_its_own_result_even_after_other_texts()
    {
        var parser = new QueryParser(Vocabulary);
        var laptops = parser.Parse("Show me laptops under $900");

        foreach (var other in new[] { "need a new smartphone", "earbuds for the gym", "an xbox", "a 27 inch display", "cheaper" })
        {
            parser.Parse(other).Should().BeEquivalentTo(new QueryParser(Vocabulary).Parse(other));
        }
        var again = parser.Parse("Show me laptops under $900");

        again.Categories.Should().Equal("Laptops");
        again.Budget!.Max.Should().Be(900m);
        again.Should().BeEquivalentTo(laptops);
        parser.Parse("Show me phones under $900").Categories.Should().Equal("Phones");
    }
}
