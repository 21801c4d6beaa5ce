using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>"laptop not Acme": the local responder never recommends a brand the shopper ruled out, in that turn or the next.</summary>
public sealed class LocalBrandExclusionTests
{
    [Fact]
    public void A_ruled_out_brand_is_never_recommended_and_stays_ruled_out_on_follow_ups()
    {
        var local = Local();

        var first = local.Respond(Context("laptop not Acme under 1500"));

        first.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Product.Brand != "Acme");
        first.Answer.Should().Contain("laptops (not Acme) under $1,500");
        first.State.ExcludedBrands.Should().Equal("Acme");

        var next = local.Respond(Context("under 3000", first.State));

        next.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Product.Brand != "Acme");
    }
}
