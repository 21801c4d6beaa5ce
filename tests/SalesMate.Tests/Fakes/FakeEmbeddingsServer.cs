using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesMate.Services.Rag.Embeddings;

namespace SalesMate.Tests.Fakes;

/// <summary>A scripted failure for the next embeddings request: an HTTP status with an OpenAI error body and optional headers.</summary>
public sealed record FakeEmbeddingsFailure(int Status, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// An in-process OpenAI-compatible <c>POST /v1/embeddings</c> on real Kestrel. It speaks the real wire format:
/// <c>input</c> as a string or an array, <c>model</c>, optional <c>dimensions</c>, <c>encoding_format</c> <c>float</c>
/// (JSON arrays) or <c>base64</c> (little-endian float32, what the official SDKs ask for); the answer is
/// <c>{"object":"list","data":[{"object":"embedding","index":i,"embedding":...}],"model":...,"usage":{...}}</c>, with the
/// data deliberately in reverse order (clients must use <c>index</c>). Vectors are a deterministic function of the text.
/// Failures are scripted with <see cref="Fail"/>; every request is recorded.
/// </summary>
public sealed class FakeEmbeddingsServer : IAsyncDisposable
{
    public const int DefaultDimensions = 64;

    private readonly WebApplication _app;
    private readonly Queue<FakeEmbeddingsFailure> _failures = new();
    private readonly List<FakeOpenAiRequest> _requests = [];
    private readonly object _lock = new();
    private readonly LocalHashingEmbeddingGenerator _vectors = new(DefaultDimensions);

    private FakeEmbeddingsServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When false, answers carry no <c>usage</c> (as some OpenAI-compatible servers do).</summary>
    public bool ReportUsage { get; set; } = true;

    public static async Task<FakeEmbeddingsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeEmbeddingsServer(app);
        app.MapPost("/v1/embeddings", server.EmbedAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri($"{address.TrimEnd('/')}/v1");
        return server;
    }

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

    /// <summary>The texts of every request, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Inputs => [.. Requests.Select(InputsOf)];

    public FakeEmbeddingsServer Fail(params FakeEmbeddingsFailure[] failures)
    {
        lock (_lock)
        {
            foreach (var failure in failures)
            {
                _failures.Enqueue(failure);
            }
        }
        return this;
    }

    public void Reset()
    {
        lock (_lock)
        {
            _requests.Clear();
            _failures.Clear();
        }
    }

    /// <summary>The vector the server returns for <paramref name="text"/> (before any shortening to <c>dimensions</c>).</summary>
    public float[] VectorOf(string text) => _vectors.Embed(text);

    private async Task EmbedAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new FakeOpenAiRequest("POST", context.Request.Path, body, headers);
        FakeEmbeddingsFailure? failure;
        lock (_lock)
        {
            _requests.Add(request);
            _failures.TryDequeue(out failure);
        }
        if (failure is not null)
        {
            context.Response.StatusCode = failure.Status;
            foreach (var (name, value) in failure.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = $"scripted failure {failure.Status}", ["type"] = "server_error", ["code"] = null },
            });
            return;
        }

        var inputs = InputsOf(request);
        var model = request.Model ?? "fake-embed";
        var dimensions = request.Json["dimensions"]?.GetValue<int>();
        var base64 = request.Json["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = inputs.Count - 1; i >= 0; i--)
        {
            var vector = VectorOf(inputs[i]);
            if (dimensions is { } d && d < vector.Length)
            {
                vector = vector[..d];
            }
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64
                    ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()))
                    : new JsonArray([.. vector.Select(v => JsonValue.Create(v))]),
            });
        }
        var tokens = inputs.Sum(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var answer = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = model };
        if (ReportUsage)
        {
            answer["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens };
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private static List<string> InputsOf(FakeOpenAiRequest request) => request.Json["input"] switch
    {
        JsonArray array => [.. array.Select(n => n!.GetValue<string>())],
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
