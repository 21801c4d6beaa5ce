using System.ClientModel.Primitives;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The OpenAI SDK pipeline's retry slot, filled with a pass-through: <see cref="ResilientChatClient"/> owns retries, and
/// the SDK's <see cref="ClientRetryPolicy"/> with no retries still ran its bookkeeping (timing, classifying the
/// response) on every call. Exceptions pass through unchanged, as that policy rethrows a single failure as it is.
/// </summary>
internal sealed class NoRetryPolicy : PipelinePolicy
{
    public static NoRetryPolicy Instance { get; } = new();

    private NoRetryPolicy()
    {
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNext(message, pipeline, currentIndex);

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNextAsync(message, pipeline, currentIndex);
}
