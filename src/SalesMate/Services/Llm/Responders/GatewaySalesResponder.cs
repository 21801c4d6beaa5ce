using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// The responder the chat uses. Without a hosted model (no <c>IChatClient</c> registered) it is the local responder.
/// With one, it streams the LLM responder's answer, holding back the intent and products until the first text so that
/// a failure before any text can be answered cleanly by the local responder instead (marked <c>Degraded</c>). Once
/// text has been shown, a failure propagates: the chat stores the partial answer as incomplete and the client may retry.
/// </summary>
public sealed class GatewaySalesResponder(
    LocalSalesResponder local,
    LlmSalesResponder? llm = null,
    ILogger<GatewaySalesResponder>? logger = null,
    Func<ResponderContext, CancellationToken, Task<BudgetStatus>>? budget = null) : ISalesResponder
{
    private readonly ILogger _logger = logger ?? NullLogger<GatewaySalesResponder>.Instance;

    public string Name => "gateway";

    /// <summary>True when a hosted model answers (otherwise every turn is the local responder's).</summary>
    public bool HasModel => llm is not null;

    public IAsyncEnumerable<ResponderUpdate> StreamAsync(ResponderContext context, CancellationToken cancellationToken) =>
        llm is null ? local.StreamAsync(context, cancellationToken) : WithFallback(llm, context, cancellationToken);

    /// <remarks>
    /// Past the tenant's monthly budget the model is not called: degrade to the local responder, or refuse. One iterator
    /// for both checks: an open stream holds every layer of its chain, and each layer is paid per token as well.
    /// </remarks>
    private async IAsyncEnumerable<ResponderUpdate> WithFallback(LlmSalesResponder model, ResponderContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var status = budget is null ? null : await budget(context, cancellationToken);
        if (status is { Exceeded: true })
        {
            if (status.OverBudget == "refuse")
            {
                throw new Core.AssistantUnavailableException(
                    "This store's assistant has reached its monthly usage limit. Please try again next month or contact the store.");
            }
            _logger.LogWarning("Monthly LLM budget reached ({Spent} of {Budget} USD); answering with the local responder", status.Spent, status.Budget);
            await foreach (var update in (local.Respond(context) with { Degraded = true }).AsUpdates(cancellationToken))
            {
                yield return update;
            }
            yield break;
        }
        var held = new List<ResponderUpdate>();
        var committed = false;
        Exception? failure = null;
        await using (var updates = model.StreamAsync(context, cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                ResponderUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                    update = updates.Current;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw; // the shopper pressed stop: not a provider failure
                }
                catch (Exception ex) when (!committed)
                {
                    // LlmUnavailableException is the expected case (provider down, timed out before the first token, circuit
                    // open), but any failure before text is shown (a rejected request, a tool bug) is answered locally.
                    failure = ex;
                    break;
                }
                if (committed)
                {
                    yield return update;
                    continue;
                }
                if (update is not (TextDelta or ReplyCompleted))
                {
                    held.Add(update);
                    continue;
                }
                committed = true;
                foreach (var earlier in held)
                {
                    yield return earlier;
                }
                held.Clear();
                yield return update;
            }
        }
        if (committed)
        {
            yield break;
        }

        failure ??= new InvalidOperationException("The LLM responder ended without an answer.");
        if (failure is LlmUnavailableException unavailable)
        {
            _logger.LogWarning("LLM unavailable ({Failure}); answering with the local responder", unavailable.Failure.Describe());
        }
        else
        {
            _logger.LogWarning(failure, "LLM responder failed before answering; answering with the local responder");
        }
        await foreach (var update in (local.Respond(context) with { Degraded = true }).AsUpdates(cancellationToken))
        {
            yield return update;
        }
    }
}
