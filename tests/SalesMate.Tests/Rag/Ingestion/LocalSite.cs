using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>A small website on real Kestrel (127.0.0.1, random port) serving fixed pages, recording every request and its User-Agent.</summary>
public sealed class LocalSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<(string Path, string UserAgent)> Requests { get; } = new();

    public IEnumerable<string> RequestedPaths => Requests.Select(r => r.Path);

    /// <summary>Pages by path (with query), each served as text/html unless it is robots.txt or a .xml file; "{base}" becomes the site's URL.</summary>
    public static async Task<LocalSite> StartAsync(IReadOnlyDictionary<string, string> pages)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new LocalSite(app);
        app.Run(async context =>
        {
            var path = context.Request.Path + context.Request.QueryString;
            site.Requests.Enqueue((path, context.Request.Headers.UserAgent.ToString()));
            if (!pages.TryGetValue(path, out var body))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentType = path == "/robots.txt" ? "text/plain" : path.EndsWith(".xml", StringComparison.Ordinal) ? "application/xml" : "text/html; charset=utf-8";
            await context.Response.WriteAsync(body.Replace("{base}", site.BaseUrl.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal));
        });
        await app.StartAsync();
        site.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
