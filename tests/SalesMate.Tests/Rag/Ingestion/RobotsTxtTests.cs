using SalesMate.Services.Rag.Ingestion.Crawling;

namespace SalesMate.Tests.Rag.Ingestion;

public sealed class RobotsTxtTests
{
    private const string Robots = """
        # comments are ignored
        User-agent: *
        Disallow: /private
        Disallow: /*.pdf$
        Allow: /private/press

        User-agent: SalesMateBot
        User-agent: OtherBot
        Disallow: /drafts/

        Sitemap: https://shop.example/sitemap.xml
        """;

    [Fact]
    public void Our_own_group_wins_over_the_star_group()
    {
        var robots = RobotsTxt.Parse(Robots, "SalesMateBot");

        robots.IsAllowed("/drafts/new").Should().BeFalse();
        robots.IsAllowed("/private/prices").Should().BeTrue("the * group does not apply when a group names us");
    }

    [Fact]
    public void Other_agents_get_the_star_group_with_longest_match_and_wildcards()
    {
        var robots = RobotsTxt.Parse(Robots, "SomeCrawler");

        robots.IsAllowed("/private/prices").Should().BeFalse();
        robots.IsAllowed("/private/press/2026").Should().BeTrue("the longer Allow wins");
        robots.IsAllowed("/files/manual.pdf").Should().BeFalse();
        robots.IsAllowed("/files/manual.pdf?x=1").Should().BeTrue("$ anchors the end");
        robots.IsAllowed("/").Should().BeTrue();
        robots.Sitemaps.Should().Equal("https://shop.example/sitemap.xml");
    }

    [Fact]
    public void The_product_token_is_the_first_word_of_the_user_agent() =>
        SiteCrawler.ProductToken("SalesMateBot/1.0 (+https://example.com/bot)").Should().Be("SalesMateBot");
}
