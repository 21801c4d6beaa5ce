using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Vector;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>
/// "does it have a touchscreen?" after products were shown: the local responder answers from those products' catalog
/// data (or says the catalog does not list it), and never starts a new search.
/// </summary>
public sealed class LocalProductQuestionTests
{
    private static ConversationState Showing(params Guid[] ids) => new() { LastShownProductIds = [.. ids] };

    [Fact]
    public void A_question_about_it_is_answered_for_the_products_shown_and_an_unlisted_attribute_is_said_plainly()
    {
        var reply = Local().Respond(Context("does it have a touchscreen?", Showing(Blade.Id, Volt.Id)));

        reply.Intent.Should().Be(Intents.ProductDetail);
        reply.Products.Select(p => p.Product.Id).Should().Equal(Blade.Id, Volt.Id);
        reply.Answer.Should().Contain("Our catalog doesn't list touchscreen for the **Acme Blade 15**")
            .And.Contain("Our catalog doesn't list touchscreen for the **Acme Volt 14**");
        reply.State.Categories.Should().BeEmpty("a question about a shown product is not a new search");
    }

    [Theory]
    [InlineData("whats the ram of the second one?", "The **Acme Volt 14** has RAM: 32GB.")]
    [InlineData("how much memory does the 2nd one have", "The **Acme Volt 14** has RAM: 32GB.")]
    [InlineData("what gpu does the first one have?", "The **Acme Blade 15** has GPU: NVIDIA GeForce RTX 4060.")]
    public void An_ordinal_question_is_answered_from_that_products_specs(string message, string expected)
    {
        var reply = Local().Respond(Context(message, Showing(Blade.Id, Volt.Id)));

        reply.Answer.Should().StartWith(expected);
        reply.Products.Should().ContainSingle().Which.Product.Name.Should().Be(expected.Split("**")[1]);
    }

    [Fact]
    public void A_question_about_one_of_the_list_keeps_the_list_for_the_next_question()
    {
        var first = Local().Respond(Context("what gpu does the first one have?", Showing(Blade.Id, Volt.Id)));
        var second = Local().Respond(Context("what gpu does the second one have?", first.State));

        second.Answer.Should().StartWith("The **Acme Volt 14** has GPU: NVIDIA GeForce RTX 4070.");
    }

    [Fact]
    public void A_bare_attribute_after_one_product_is_a_question_about_it()
    {
        var reply = Local().Respond(Context("ram?", Showing(Volt.Id)));

        reply.Answer.Should().StartWith("The **Acme Volt 14** has RAM: 32GB.");
        reply.Products.Should().ContainSingle().Which.Product.Id.Should().Be(Volt.Id);
    }

    [Fact]
    public void A_yes_spec_and_a_feature_in_a_tag_or_value_are_quoted_from_the_catalog()
    {
        Local().Respond(Context("does it have noise cancelling?", Showing(Buds.Id))).Answer
            .Should().StartWith("Yes, the **Sonic Buds** has Noise Cancelling.");
        Local().Respond(Context("is it good for gaming?", Showing(Blade.Id))).Answer
            .Should().StartWith("Yes, the **Acme Blade 15** is listed with \"gaming\".");
        Local().Respond(Context("does it have rtx?", Showing(Blade.Id))).Answer
            .Should().StartWith("Yes, the **Acme Blade 15** has GPU: NVIDIA GeForce RTX 4060.");
    }

    [Fact]
    public void It_means_the_product_shown_even_when_the_attribute_is_also_a_product_name_and_a_typo_is_forgiven()
    {
        var monitor = new Product
        {
            Id = Guid.NewGuid(), Sku = "MON-1", Name = "View 27 4K", Brand = "Viewco", Category = "Monitors", Price = 469m,
            Currency = "USD", Stock = 5, Specs = new() { ["Ports"] = "USB-C (96W), 2x HDMI", ["Battery"] = "None" },
        };
        var cable = new Product
        {
            Id = Guid.NewGuid(), Sku = "CAB-1", Name = "Linkco USB-C Cable", Brand = "Linkco", Category = "Accessories", Price = 19m,
            Currency = "USD", Stock = 5, Tags = ["usb-c"],
        };
        var catalog = new CatalogSnapshot(TenantId, 1, [monitor, cable, Blade], "USD");
        ResponderContext Ask(string message) => new(catalog, new ConversationState { LastShownProductIds = [monitor.Id] }, message, null, null)
        {
            ConversationId = Guid.NewGuid(),
            History = [],
        };

        var usbC = Local().Respond(Ask("does it have usb-c?"));
        usbC.Answer.Should().StartWith("Yes, the **View 27 4K** has Ports: USB-C (96W), 2x HDMI.");
        usbC.Products.Should().ContainSingle().Which.Product.Id.Should().Be(monitor.Id);

        Local().Respond(Ask("whats the batery life of the first one")).Answer
            .Should().StartWith("The **View 27 4K** does not have Battery (our catalog lists it as \"None\").");
        Local().Respond(Ask("how heavy is it?")).Answer
            .Should().StartWith("Our catalog doesn't list weight for the **View 27 4K**.");
        Local().Respond(Ask("does it have thunderbolt?")).Answer
            .Should().StartWith("Our catalog doesn't list thunderbolt for the **View 27 4K**.");
    }

    [Fact]
    public void With_nothing_shown_the_question_is_a_search_as_before()
    {
        var reply = Local().Respond(Context("does it have a touchscreen?"));

        reply.Intent.Should().NotBe(Intents.ProductDetail);
    }

    [Theory]
    [InlineData("does it have a touchscreen?", "touchscreen")]
    [InlineData("does it have usb-c?", "usb c")]
    [InlineData("whats the ram of the first one", "ram")]
    [InlineData("whats the gpu of the first one", "gpu")]
    [InlineData("gpu?", "gpu")]
    [InlineData("how heavy is that one?", "heavy")]
    public void The_parser_reads_questions_about_a_shown_product(string message, string asked)
    {
        var query = Catalog.Parser.Parse(message);
        query.FollowUp.Should().Be(FollowUpKind.ProductQuestion);
        query.AskedAbout.Should().Be(asked);
    }

    [Theory]
    [InlineData("laptop with a touchscreen")]
    [InlineData("is there a laptop with usb-c?")]
    [InlineData("can you show me something like that?")]
    [InlineData("gaming laptop under 1500")]
    [InlineData("I need something for work")]
    public void Searches_are_not_questions_about_a_shown_product(string message)
    {
        Catalog.Parser.Parse(message).FollowUp.Should().NotBe(FollowUpKind.ProductQuestion);
    }
}
