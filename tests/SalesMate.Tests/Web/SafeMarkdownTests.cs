using SalesMate.Web;

namespace SalesMate.Tests.Web;

/// <summary>Server-rendered transcripts (read without JavaScript) follow the browser's sanitising rules.</summary>
public sealed class SafeMarkdownTests
{
    [Fact]
    public void Raw_html_is_text_and_remote_images_and_script_links_are_neutralised()
    {
        var html = SafeMarkdown.ToHtml("**Aurora** <script>alert(1)</script>\n\n![t](https://evil.example/p.png) ![ok](/img/logo.png)\n\n" +
                                       "[deal](javascript:alert(1)) [site](https://shop.example/x) <https://shop.example/y>");
        html.Should().Contain("<strong>Aurora</strong>");
        html.Should().NotContain("<script").And.Contain("&lt;script&gt;");
        html.Should().NotContain("evil.example").And.Contain("[image: t]").And.Contain("<img src=\"/img/logo.png\"");
        html.Should().NotContain("javascript:").And.Contain("href=\"https://shop.example/x\"");
    }

    [Theory]
    [InlineData("https://a.example", true)]
    [InlineData("mailto:x@example.com", true)]
    [InlineData("/products/1", true)]
    [InlineData("//evil.example/x", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    public void Only_web_mail_and_local_links_are_safe(string url, bool safe) => SafeMarkdown.IsSafeLink(url).Should().Be(safe);
}
