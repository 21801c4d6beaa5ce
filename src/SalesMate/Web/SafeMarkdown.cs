using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SalesMate.Web;

/// <summary>
/// Server-side Markdown for transcripts read without JavaScript. Same rules as the browser's marked + DOMPurify: raw
/// HTML is shown as text, links keep only http(s), mailto and relative targets, and images from any other host become
/// their alt text, so a model answer can never inject script, remote images or javascript: links.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UseSoftlineBreakAsHardlineBreak().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage)
            {
                if (!IsLocal(link.Url))
                {
                    var alt = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
                    link.ReplaceBy(new LiteralInline(alt.Length > 0 ? $"[image: {alt}]" : "[image]"));
                }
            }
            else if (!IsSafeLink(link.Url))
            {
                link.Url = "#";
            }
        }
        foreach (var auto in document.Descendants<AutolinkInline>().Where(a => !IsSafeLink(a.Url)).ToList())
        {
            auto.ReplaceBy(new LiteralInline(auto.Url));
        }
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    public static bool IsSafeLink(string? url) =>
        string.IsNullOrEmpty(url) || IsLocal(url)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto");

    /// <summary>A path on this site ("/x", "#x"), never a scheme or a protocol-relative "//host".</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && (url[0] == '#' || (url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)));
}
