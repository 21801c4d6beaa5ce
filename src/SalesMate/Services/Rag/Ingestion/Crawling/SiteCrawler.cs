using System.Net;
using System.Xml.Linq;
using AngleSharp.Html.Parser;

namespace SalesMate.Services.Rag.Ingestion.Crawling;

public sealed record CrawlOptions(Uri Start, int MaxPages, int MaxDepth, string UserAgent, long MaxPageBytes);

/// <summary>A page the crawler fetched (its HTML), or one it left out and why.</summary>
public sealed record CrawledPage(Uri Url, int Depth, byte[]? Html, string? Problem);

/// <summary>
/// The seed-003 site loader: breadth-first from the start URL over links on the same host (scheme, host and port),
/// seeded also from sitemap.xml (or the sitemaps robots.txt names), honouring robots.txt for our User-Agent and "*",
/// at most --max-pages fetched pages and --max-depth links from the start. Each URL is fetched once, so link loops end.
/// </summary>
public sealed class SiteCrawler(HttpClient http)
{
    private const int MaxSitemaps = 10;

    public async Task<IReadOnlyList<CrawledPage>> CrawlAsync(CrawlOptions options, IProgress<CrawledPage>? progress, CancellationToken cancellationToken)
    {
        var start = Normalize(options.Start);
        var robots = await RobotsAsync(start, options, cancellationToken);
        var queue = new Queue<(Uri Url, int Depth)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Enqueue(start, 0);
        foreach (var url in await SitemapUrlsAsync(start, robots, options, cancellationToken))
        {
            Enqueue(url, Math.Min(1, options.MaxDepth));
        }

        var pages = new List<CrawledPage>();
        var fetched = 0;
        while (queue.Count > 0 && fetched < options.MaxPages)
        {
            var (url, depth) = queue.Dequeue();
            CrawledPage page;
            if (!robots.IsAllowed(url.PathAndQuery))
            {
                page = new CrawledPage(url, depth, null, "disallowed by robots.txt");
            }
            else
            {
                fetched++;
                page = await FetchAsync(url, depth, options, cancellationToken);
                if (page.Html is not null && depth < options.MaxDepth)
                {
                    foreach (var link in Links(page.Html, url))
                    {
                        Enqueue(link, depth + 1);
                    }
                }
            }
            pages.Add(page);
            progress?.Report(page);
        }
        return pages;

        void Enqueue(Uri url, int depth)
        {
            url = Normalize(url);
            if (SameSite(url, start) && seen.Add(url.AbsoluteUri))
            {
                queue.Enqueue((url, depth));
            }
        }
    }

    private async Task<CrawledPage> FetchAsync(Uri url, int depth, CrawlOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
            request.Headers.Accept.ParseAdd("text/html, application/xhtml+xml;q=0.9, */*;q=0.1");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var final = response.RequestMessage?.RequestUri ?? url;
            if (!SameSite(final, options.Start))
            {
                return new CrawledPage(url, depth, null, $"redirected to another site ({final.Host})");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new CrawledPage(url, depth, null, $"HTTP {(int)response.StatusCode}");
            }
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (mediaType is not ("text/html" or "application/xhtml+xml"))
            {
                return new CrawledPage(url, depth, null, $"not an HTML page ({(mediaType.Length == 0 ? "no content type" : mediaType)})");
            }
            var body = await ReadCappedAsync(response, options.MaxPageBytes, cancellationToken);
            return body is null
                ? new CrawledPage(url, depth, null, $"larger than {options.MaxPageBytes / (1024 * 1024)} MB")
                : new CrawledPage(url, depth, body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CrawledPage(url, depth, null, ex is TaskCanceledException ? "timed out" : $"unreachable ({ex.Message})");
        }
    }

    private async Task<RobotsTxt> RobotsAsync(Uri start, CrawlOptions options, CancellationToken cancellationToken)
    {
        var text = await GetTextAsync(new Uri(start, "/robots.txt"), options, cancellationToken);
        return text is null ? RobotsTxt.AllowAll : RobotsTxt.Parse(text, ProductToken(options.UserAgent));
    }

    /// <summary>Page URLs from the sitemaps robots.txt names, else /sitemap.xml; sitemap indexes are followed (a few levels at most).</summary>
    private async Task<List<Uri>> SitemapUrlsAsync(Uri start, RobotsTxt robots, CrawlOptions options, CancellationToken cancellationToken)
    {
        var sitemaps = new Queue<Uri>(robots.Sitemaps.Select(s => Uri.TryCreate(start, s, out var u) ? u : null).OfType<Uri>().Where(u => SameSite(u, start)));
        if (sitemaps.Count == 0)
        {
            sitemaps.Enqueue(new Uri(start, "/sitemap.xml"));
        }
        var pages = new List<Uri>();
        for (var read = 0; sitemaps.Count > 0 && read < MaxSitemaps && pages.Count < options.MaxPages * 4; read++)
        {
            var text = await GetTextAsync(sitemaps.Dequeue(), options, cancellationToken);
            if (text is null)
            {
                continue;
            }
            try
            {
                var root = XDocument.Parse(text).Root;
                var isIndex = root?.Name.LocalName == "sitemapindex";
                var locations = root?.Descendants().Where(e => e.Name.LocalName == "loc").Select(e => e.Value.Trim()) ?? [];
                foreach (var location in locations)
                {
                    if (!Uri.TryCreate(start, location, out var url) || !SameSite(url, start))
                    {
                        continue;
                    }
                    if (isIndex)
                    {
                        sitemaps.Enqueue(url);
                    }
                    else
                    {
                        pages.Add(url);
                    }
                }
            }
            catch (System.Xml.XmlException)
            {
                // Not a sitemap after all; crawl by links only.
            }
        }
        return pages;
    }

    private async Task<string?> GetTextAsync(Uri url, CrawlOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
            var body = await ReadCappedAsync(response, options.MaxPageBytes, cancellationToken);
            return body is null ? null : System.Text.Encoding.UTF8.GetString(body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return null;
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IEnumerable<Uri> Links(byte[] html, Uri page)
    {
        var document = new HtmlParser().ParseDocument(System.Text.Encoding.UTF8.GetString(html));
        var baseUrl = document.QuerySelector("base[href]")?.GetAttribute("href") is { } b && Uri.TryCreate(page, b, out var based) ? based : page;
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            if (anchor.GetAttribute("rel")?.Contains("nofollow", StringComparison.OrdinalIgnoreCase) == true)
            {
                continue;
            }
            if (Uri.TryCreate(baseUrl, anchor.GetAttribute("href"), out var url) && url.Scheme is "http" or "https")
            {
                yield return url;
            }
        }
    }

    /// <summary>Drops the fragment; scheme and host are already lower case in <see cref="Uri"/>.</summary>
    private static Uri Normalize(Uri url) => new UriBuilder(url) { Fragment = "" }.Uri;

    private static bool SameSite(Uri url, Uri start) =>
        url.Scheme == start.Scheme && string.Equals(url.Host, start.Host, StringComparison.OrdinalIgnoreCase) && url.Port == start.Port;

    /// <summary>"SalesMateBot/1.0 (+url)" -> "SalesMateBot", the token robots.txt groups name.</summary>
    public static string ProductToken(string userAgent) => userAgent.Split('/', ' ')[0];
}
