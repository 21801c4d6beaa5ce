using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMate.Tests.Fakes;

/// <summary>
/// Mailgun's messages API on real Kestrel (127.0.0.1, random port): <c>POST /v3/{domain}/messages</c> with Basic auth
/// <c>api:&lt;key&gt;</c> and form fields. A wrong key gets Mailgun's plain-text 401 "Forbidden"; a missing field its 400
/// JSON; otherwise 200 <c>{"id": "&lt;...&gt;", "message": "Queued. Thank you."}</c>, unless <see cref="FailWith"/> is set.
/// </summary>
public sealed class FakeMailgunServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<MailgunRequest> _requests = new();

    private FakeMailgunServer(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }
    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<MailgunRequest> Requests => [.. _requests];

    /// <summary>When set, authenticated requests get this status and body (e.g. 500, or 400 with Mailgun's JSON).</summary>
    public (int Status, string Body)? FailWith { get; set; }

    public static async Task<FakeMailgunServer> StartAsync(string apiKey = "key-test-123")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeMailgunServer(app, apiKey);
        app.MapPost("/v3/{domain}/messages", server.MessagesAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    private async Task<IResult> MessagesAsync(string domain, HttpContext http)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"api:{ApiKey}"));
        if (http.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Text("Forbidden", "text/plain", statusCode: 401);
        }
        if (!http.Request.HasFormContentType)
        {
            return Results.Json(new { message = "Need at least one of 'text', 'html' or 'template' parameters specified" }, statusCode: 400);
        }
        var form = await http.Request.ReadFormAsync();
        var request = new MailgunRequest(domain, http.Request.ContentType ?? "", form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        _requests.Enqueue(request);
        if (FailWith is { } failure)
        {
            return Results.Text(failure.Body, failure.Body.StartsWith('{') ? "application/json" : "text/plain", statusCode: failure.Status);
        }
        foreach (var field in new[] { "from", "to", "subject" })
        {
            if (!request.Fields.ContainsKey(field))
            {
                return Results.Json(new { message = $"'{field}' parameter is missing" }, statusCode: 400);
            }
        }
        return Results.Json(new { id = $"<{Guid.NewGuid():N}@{domain}>", message = "Queued. Thank you." });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record MailgunRequest(string Domain, string ContentType, IReadOnlyDictionary<string, string> Fields);
