using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// A pipeline step answered by the hosted model through <see cref="StructuredCall"/>: enabled by its <c>llm.structured_*</c>
/// flag when a provider is configured (the injected <see cref="IChatClient"/> is null with <c>llm.provider: local</c>).
/// </summary>
public abstract class StructuredStep(IOptions<LlmOptions> llm, ILogger logger, IChatClient? chatClient)
{
    protected abstract bool Configured { get; }

    public bool Enabled => Configured && chatClient is not null;

    /// <summary>The validated result, or null for the rules (disabled, two invalid answers, or a model failure).</summary>
    protected async Task<T?> AskAsync<T>(List<ChatMessage> messages, ChatResponseFormat format, int maxOutputTokens, string purpose,
        Func<string, StructuredOutcome<T>> validate, Guid tenantId, Guid? conversationId, LlmAccountingBatch? accounting,
        CancellationToken cancellationToken) where T : class =>
        !Enabled ? null : await StructuredCall.RunAsync(chatClient!, messages,
            () => StructuredCall.Options(llm.Value.Model, maxOutputTokens, format, tenantId, conversationId, purpose, accounting),
            validate, logger, cancellationToken);
}
