using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace SalesMate.Tests.Responders;

/// <summary>
/// An in-memory <see cref="IChatClient"/> that plays one scripted step per call (text chunks, tool calls, usage, or a
/// failure before or after some text) and records what it was sent, so tests can look at the prompt and options.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Step> _steps = new();
    private int _callIds;

    public List<RecordedCall> Calls { get; } = [];

    public sealed record RecordedCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options);

    private sealed record Step(IReadOnlyList<ChatResponseUpdate> Updates, Exception? Error);

    /// <summary>The model answers with these text chunks.</summary>
    public ScriptedChatClient Answers(params string[] chunks) => Answers(null, chunks);

    public ScriptedChatClient Answers(UsageDetails? usage, params string[] chunks)
    {
        var updates = chunks.Select(c => Update(new TextContent(c))).ToList();
        if (usage is not null)
        {
            updates.Add(Update(new UsageContent(usage)));
        }
        _steps.Enqueue(new Step(updates, null));
        return this;
    }

    /// <summary>The model asks for one tool call (arguments as plain .NET values, like a test would write them).</summary>
    public ScriptedChatClient CallsTool(string name, Dictionary<string, object?> arguments, UsageDetails? usage = null)
    {
        var updates = new List<ChatResponseUpdate> { Update(new FunctionCallContent($"call_{++_callIds}", name, arguments)) };
        if (usage is not null)
        {
            updates.Add(Update(new UsageContent(usage)));
        }
        _steps.Enqueue(new Step(updates, null));
        return this;
    }

    /// <summary>The call streams <paramref name="chunksFirst"/> and then throws <paramref name="error"/>.</summary>
    public ScriptedChatClient Fails(Exception error, params string[] chunksFirst)
    {
        _steps.Enqueue(new Step(chunksFirst.Select(c => Update(new TextContent(c))).ToList(), error));
        return this;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add(new RecordedCall([.. messages], options?.Clone()));
        if (!_steps.TryDequeue(out var step))
        {
            throw new InvalidOperationException($"The script has no step for call {Calls.Count}.");
        }
        foreach (var update in step.Updates)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
        if (step.Error is not null)
        {
            throw step.Error;
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static ChatResponseUpdate Update(AIContent content) =>
        new(ChatRole.Assistant, [content]) { ModelId = "scripted-model", MessageId = "m1" };
}
