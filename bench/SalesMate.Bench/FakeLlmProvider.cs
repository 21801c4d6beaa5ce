using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMate.Bench;

/// <summary>
/// A minimal OpenAI-compatible provider for the benchmarks: Kestrel on 127.0.0.1 (a free port), one route,
/// <c>POST /v1/chat/completions</c>, always answered as a stream (<c>text/event-stream</c>, OpenAI chunk format, a final
/// usage chunk with <c>choices: []</c>, then <c>data: [DONE]</c>), with no delay unless asked. Each chunk is flushed on
/// its own, as a real provider sends tokens.
/// <list type="bullet">
/// <item>Tool loop (default): a request that declares <c>tools</c> and carries no tool result yet (no
/// <c>"role":"tool"</c> message) gets one tool call, <c>search_products {"query":"laptop"}</c>, finish reason
/// <c>tool_calls</c>. Any other request gets the fixed text answer <see cref="AnswerText"/> in
/// <see cref="AnswerChunks"/> content chunks, finish reason <c>stop</c>.</item>
/// <item><see cref="ToolCalls"/> = false: every request gets the text answer directly.</item>
/// <item><see cref="Stall"/> = true: a text answer stops after its first content chunk and the connection is held open
/// (no more bytes) until <see cref="Release"/> (then the rest is sent) or the caller disconnects.</item>
/// </list>
/// It can also keep copies of the request bodies it receives (<see cref="StartCapture"/>), so a direct client can
/// replay exactly what SalesMate sent.
/// </summary>
internal sealed class FakeLlmProvider : IAsyncDisposable
{
    public const string Model = "gpt-fake";
    public const string AnswerText = "Here are three laptops that match what you asked for. All of them are in stock and within your budget; " +
                                     "the first one has the best battery life. Would you like me to compare them side by side?";

    /// <summary>Bytes that mark a content chunk (not the role preamble): a direct client's time to first token ends here.</summary>
    public static readonly byte[] ContentMarker = Encoding.UTF8.GetBytes("\"delta\":{\"content\":\"");

    private static readonly byte[] ToolMarker = Encoding.UTF8.GetBytes("\"tools\":");
    private static readonly byte[] ToolResultMarker = Encoding.UTF8.GetBytes("\"role\":\"tool\"");
    private static readonly byte[][] ToolStream = BuildToolStream();
    private static readonly byte[][] TextStream = BuildTextStream(out _);

    public static int AnswerChunks { get; } = TextStream.Length - 4; // minus role preamble, finish, usage, [DONE]

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _capturedToolRounds = new();
    private readonly ConcurrentQueue<byte[]> _capturedTextRounds = new();
    private int _captureLimit;
    private volatile CancellationTokenSource _release = new();
    private long _requests;
    private long _toolRounds;
    private long _textRounds;
    private long _stalled;
    private long _aborted;

    private FakeLlmProvider(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The value for <c>--llm:base_url</c>.</summary>
    public string V1 => new Uri(BaseAddress, "/v1").ToString();

    /// <summary>The HTTP/2-only endpoint (h2c).</summary>
    public Uri Http2BaseAddress { get; private set; } = null!;

    /// <summary>The value for <c>--llm:base_url</c> with <c>--llm:http_version=2</c>.</summary>
    public string V1Http2 => new Uri(Http2BaseAddress, "/v1").ToString();

    public bool ToolCalls { get; set; } = true;

    public bool Stall { get; set; }

    /// <summary>Called as a text round's request arrives, before its first chunk is written (the benchmark's TTFT probe).</summary>
    public Action? OnTextRound { get; set; }

    public long Requests => Interlocked.Read(ref _requests);
    public long ToolRounds => Interlocked.Read(ref _toolRounds);
    public long TextRounds => Interlocked.Read(ref _textRounds);
    /// <summary>Text answers currently held open after their first content chunk.</summary>
    public long Stalled => Interlocked.Read(ref _stalled);
    public long Aborted => Interlocked.Read(ref _aborted);

    public IReadOnlyList<byte[]> CapturedToolRounds => [.. _capturedToolRounds];
    public IReadOnlyList<byte[]> CapturedTextRounds => [.. _capturedTextRounds];

    public static async Task<FakeLlmProvider> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            // A second endpoint speaks HTTP/2 over cleartext (h2c, prior knowledge) for --llm:http_version=2.
            k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            k.Limits.MaxConcurrentConnections = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeLlmProvider(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        fake.BaseAddress = new Uri(addresses[0]);
        fake.Http2BaseAddress = new Uri(addresses[1]);
        return fake;
    }

    /// <summary>Keeps the next <paramref name="limit"/> bodies of each kind (tool round, text round).</summary>
    public void StartCapture(int limit)
    {
        _capturedToolRounds.Clear();
        _capturedTextRounds.Clear();
        Volatile.Write(ref _captureLimit, limit);
    }

    public void StopCapture() => Volatile.Write(ref _captureLimit, 0);

    /// <summary>Lets every stalled answer finish; later answers stall again while <see cref="Stall"/> is on.</summary>
    public void Release()
    {
        var old = _release;
        _release = new CancellationTokenSource();
        old.Cancel();
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path != "/v1/chat/completions")
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Interlocked.Increment(ref _requests);
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }
        var toolRound = ToolCalls && body.AsSpan().IndexOf(ToolMarker) >= 0 && body.AsSpan().IndexOf(ToolResultMarker) < 0;
        if (toolRound)
        {
            Interlocked.Increment(ref _toolRounds);
        }
        else
        {
            Interlocked.Increment(ref _textRounds);
        }
        if (!toolRound)
        {
            OnTextRound?.Invoke();
        }
        var queue = toolRound ? _capturedToolRounds : _capturedTextRounds;
        if (queue.Count < Volatile.Read(ref _captureLimit))
        {
            queue.Enqueue(body);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var chunks = toolRound ? ToolStream : TextStream;
        var stallAfter = !toolRound && Stall ? 2 : -1; // role preamble + first content chunk
        try
        {
            for (var i = 0; i < chunks.Length; i++)
            {
                if (i == stallAfter)
                {
                    await HoldAsync(http.RequestAborted);
                }
                await http.Response.Body.WriteAsync(chunks[i], http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _aborted);
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _aborted);
        }
    }

    private async Task HoldAsync(CancellationToken aborted)
    {
        Interlocked.Increment(ref _stalled);
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, _release.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            // released: send the rest
        }
        finally
        {
            Interlocked.Decrement(ref _stalled);
        }
        aborted.ThrowIfCancellationRequested();
    }

    private static string Chunk(string choices, string? usage = null) =>
        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1763700000,\"model\":\"" + Model + "\"," +
        "\"system_fingerprint\":null,\"choices\":" + choices + (usage is null ? "" : ",\"usage\":" + usage) + "}\n\n";

    private static string Usage(int prompt, int completion) =>
        $"{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\"total_tokens\":{prompt + completion}}}";

    private static byte[][] BuildToolStream()
    {
        string[] text =
        [
            Chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_bench_1\",\"type\":\"function\"," +
                  "\"function\":{\"name\":\"search_products\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
            Chunk("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"query\\\":\\\"laptop\\\"}\"}}]},\"logprobs\":null,\"finish_reason\":null}]"),
            Chunk("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]"),
            Chunk("[]", Usage(900, 18)),
            "data: [DONE]\n\n",
        ];
        return [.. text.Select(Encoding.UTF8.GetBytes)];
    }

    private static byte[][] BuildTextStream(out int contentChunks)
    {
        var words = AnswerText.Split(' ');
        var pieces = new List<string>();
        for (var i = 0; i < words.Length; i += 3)
        {
            pieces.Add((i == 0 ? "" : " ") + string.Join(' ', words.Skip(i).Take(3)));
        }
        contentChunks = pieces.Count;
        var text = new List<string>
        {
            Chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]"),
        };
        text.AddRange(pieces.Select(p => Chunk("[{\"index\":0,\"delta\":{\"content\":\"" + p + "\"},\"logprobs\":null,\"finish_reason\":null}]")));
        text.Add(Chunk("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]"));
        text.Add(Chunk("[]", Usage(1400, 40)));
        text.Add("data: [DONE]\n\n");
        return [.. text.Select(Encoding.UTF8.GetBytes)];
    }

    public async ValueTask DisposeAsync()
    {
        Stall = false;
        Release();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }
}
