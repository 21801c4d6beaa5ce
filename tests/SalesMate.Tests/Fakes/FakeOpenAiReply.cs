namespace SalesMate.Tests.Fakes;

/// <summary>What <see cref="FakeOpenAiServer"/> does to the stream after the scripted text chunks.</summary>
public enum FakeFault
{
    /// <summary>Finish normally: tool calls, finish reason, usage (if asked for), <c>data: [DONE]</c>.</summary>
    None,
    /// <summary>
    /// Drop the connection (TCP reset) without finishing the response. A reset can make the client discard bytes it
    /// has not read yet, so pass a gate to <see cref="FakeOpenAiReply.ThenAbort"/> that the test opens once it has seen
    /// the chunks it expects.
    /// </summary>
    Abort,
    /// <summary>Send one chunk that is not valid JSON, then finish normally.</summary>
    Malformed,
    /// <summary>Send nothing more and keep the connection open until the client gives up.</summary>
    Stall,
}

/// <summary>A tool call the fake model makes; streamed as fragments (id and name first, then pieces of the arguments).</summary>
public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>Token usage the fake reports (<c>usage</c>; in a final chunk when the request set <c>stream_options.include_usage</c>).</summary>
public sealed record FakeUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>
/// One scripted answer of <see cref="FakeOpenAiServer"/>, used for the next request it receives. The same script
/// answers a plain call (one JSON body, chunks joined) or a streamed call (<c>stream: true</c>: SSE chunks), so a test
/// scripts the content and the faults and the client decides the wire shape. Build with the static helpers and the
/// <c>With…</c>/<c>Then…</c> methods, e.g. <c>FakeOpenAiReply.Text("Hel", "lo").WithUsage(12, 2).ThenAbort()</c>.
/// </summary>
public sealed record FakeOpenAiReply
{
    /// <summary>Text deltas, one SSE chunk each (plain calls join them).</summary>
    public IReadOnlyList<string> Chunks { get; init; } = [];

    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>Null: the provider reports no usage (neither in plain answers nor in streams).</summary>
    public FakeUsage? Usage { get; init; }

    /// <summary>The model id in the answer; null echoes the requested model.</summary>
    public string? Model { get; init; }

    /// <summary>Null: <c>tool_calls</c> when there are tool calls, else <c>stop</c>.</summary>
    public string? FinishReason { get; init; }

    /// <summary>HTTP status; anything but 200 answers with an OpenAI-style error body and no content.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Extra response headers, e.g. <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Wait before the first content chunk (the role preamble is sent at once). Ends early if the client leaves.</summary>
    public TimeSpan FirstChunkDelay { get; init; }

    /// <summary>When set, the first content chunk (a plain call's body) also waits for this task, e.g. until another request is done.</summary>
    public Task? FirstChunkGate { get; init; }

    /// <summary>Wait between two content chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>What happens after <see cref="Chunks"/> were sent (for plain calls: instead of the body).</summary>
    public FakeFault Fault { get; init; }

    /// <summary>When set, the fault waits for this task first (e.g. until the client has shown the partial text).</summary>
    public Task? FaultGate { get; init; }

    public static FakeOpenAiReply Text(params string[] chunks) => new() { Chunks = chunks };

    public static FakeOpenAiReply Tools(params FakeToolCall[] calls) => new() { ToolCalls = calls };

    public static FakeOpenAiReply Error(int status, string? retryAfter = null) => new()
    {
        Status = status,
        Headers = retryAfter is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Retry-After"] = retryAfter },
    };

    /// <summary>Answers with headers and the role preamble, then never sends a token.</summary>
    public static FakeOpenAiReply Silent() => new() { Fault = FakeFault.Stall };

    public FakeOpenAiReply WithUsage(int promptTokens, int completionTokens) => this with { Usage = new(promptTokens, completionTokens) };

    public FakeOpenAiReply WithModel(string model) => this with { Model = model };

    public FakeOpenAiReply WithFirstChunkDelay(TimeSpan delay) => this with { FirstChunkDelay = delay };

    public FakeOpenAiReply WithFirstChunkAfter(Task gate) => this with { FirstChunkGate = gate };

    public FakeOpenAiReply WithChunkDelay(TimeSpan delay) => this with { ChunkDelay = delay };

    /// <summary>Drops the connection after the chunks; with <paramref name="gate"/>, only once that task completes.</summary>
    public FakeOpenAiReply ThenAbort(Task? gate = null) => this with { Fault = FakeFault.Abort, FaultGate = gate };

    public FakeOpenAiReply ThenMalformedChunk() => this with { Fault = FakeFault.Malformed };

    public FakeOpenAiReply ThenStall() => this with { Fault = FakeFault.Stall };
}
