using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMate.Tests.Fakes;

/// <summary>
/// An in-process OpenAI-compatible server on real Kestrel (127.0.0.1, random port) for tests of anything that calls a
/// hosted model. It speaks the Chat Completions wire format: <c>POST /v1/chat/completions</c> as one JSON answer or,
/// for <c>stream: true</c>, as SSE (<c>data: {chunk}</c> lines, usage in a last chunk when the request set
/// <c>stream_options.include_usage</c>, then <c>data: [DONE]</c>), and <c>GET /v1/models</c>.
/// <para>
/// Script it per test: each request takes the next <see cref="FakeOpenAiReply"/> from <see cref="Enqueue"/>'s queue
/// (text chunks, streamed tool-call fragments, usage, delays, HTTP errors with Retry-After, dropped connections,
/// malformed chunks, stalls). With the queue empty it answers <see cref="Fallback"/> (default: HTTP 500). Every request
/// is recorded in <see cref="Requests"/>, so tests can assert the model, messages and tools sent, and how many upstream
/// calls were made. Point a client at <see cref="BaseUrl"/> (it ends in <c>/v1</c>).
/// </para>
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<FakeOpenAiReply> _replies = new();
    private readonly List<FakeOpenAiRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOpenAiServer(WebApplication app, string model)
    {
        _app = app;
        Model = model;
    }

    /// <summary>The model <c>GET /v1/models</c> lists and answers use when the script does not name one.</summary>
    public string Model { get; }

    /// <summary>E.g. <c>http://127.0.0.1:54321/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Used when no scripted reply is queued.</summary>
    public FakeOpenAiReply Fallback { get; set; } = FakeOpenAiReply.Error(500);

    /// <param name="http2Only">Listen for HTTP/2 only (cleartext, prior knowledge): a request in any other version fails.</param>
    public static async Task<FakeOpenAiServer> StartAsync(string model = "gpt-fake", bool http2Only = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (http2Only)
        {
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        var app = builder.Build();
        var server = new FakeOpenAiServer(app, model);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapGet("/v1/models", context => context.Response.WriteAsync(FakeOpenAiWire.Models(server.Model).ToJsonString()));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri($"{address.TrimEnd('/')}/v1");
        return server;
    }

    /// <summary>Queues replies for the next requests, in order.</summary>
    public FakeOpenAiServer Enqueue(params FakeOpenAiReply[] replies)
    {
        lock (_lock)
        {
            foreach (var reply in replies)
            {
                _replies.Enqueue(reply);
            }
        }
        return this;
    }

    /// <summary>The chat-completion requests received so far, in arrival order.</summary>
    public IReadOnlyList<FakeOpenAiRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Scripted replies not used yet.</summary>
    public int PendingReplies
    {
        get
        {
            lock (_lock)
            {
                return _replies.Count;
            }
        }
    }

    /// <summary>Waits (without polling) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<FakeOpenAiRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_requests.Count >= count)
                {
                    return [.. _requests];
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ChatAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new FakeOpenAiRequest(context.Request.Method, context.Request.Path, body, headers) { Protocol = context.Request.Protocol };
        FakeOpenAiReply reply;
        lock (_lock)
        {
            _requests.Add(request);
            reply = _replies.Count > 0 ? _replies.Dequeue() : Fallback;
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        using var registration = context.RequestAborted.Register(request.MarkGone);
        try
        {
            await FakeOpenAiResponder.WriteAsync(context, request, reply, request.Model ?? Model, gone.Token);
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested)
        {
            // The client went away (timeout, cancellation) or the server is stopping: nothing more to send.
        }
        finally
        {
            request.MarkGone();
        }
    }
}
