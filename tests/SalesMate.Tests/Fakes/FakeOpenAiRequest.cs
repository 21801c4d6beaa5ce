using System.Text.Json.Nodes;

namespace SalesMate.Tests.Fakes;

/// <summary>One request <see cref="FakeOpenAiServer"/> received, with the JSON body parsed for assertions.</summary>
public sealed class FakeOpenAiRequest(string method, string path, string body, IReadOnlyDictionary<string, string> headers)
{
    public string Method { get; } = method;

    /// <summary>E.g. <c>HTTP/1.1</c> or <c>HTTP/2</c>.</summary>
    public string Protocol { get; init; } = "";
    public string Path { get; } = path;
    public string Body { get; } = body;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;
    public JsonObject Json { get; } = (body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null) ?? [];

    public string? Model => Json["model"]?.GetValue<string>();
    public bool Stream => Json["stream"]?.GetValue<bool>() == true;
    public bool IncludeUsage => Json["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
    public JsonArray Messages => Json["messages"] as JsonArray ?? [];
    public JsonArray Tools => Json["tools"] as JsonArray ?? [];
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    /// <summary>The latest user message's text: what the shopper said this turn (a prefetched lookup may follow it).</summary>
    public string? ShopperMessage => Messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.ToString();

    /// <summary>Roles of the messages, in order.</summary>
    public IReadOnlyList<string> Roles => [.. Messages.Select(m => m?["role"]?.GetValue<string>() ?? "")];

    /// <summary>Completes when the client has gone away (aborted, timed out or finished reading).</summary>
    public Task ClientGone => _gone.Task;

    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void MarkGone() => _gone.TrySetResult();
}
