using SalesMate.Database;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>Writes <c>llm_requests</c> rows in their own DI scope and tenant. A failed write is logged, never thrown.</summary>
public sealed partial class LlmRequestRecorder(
    IServiceScopeFactory scopes,
    LlmPriceTable prices,
    string? apiKey,
    ILogger<LlmRequestRecorder> logger)
{
    /// <summary>The call's request body, redacted with this provider's key (<see cref="LlmCallRecord.CaptureRequest"/>).</summary>
    internal void CaptureRequest(LlmCallRecord call) => call.CaptureRequest(apiKey);

    /// <summary>The request bodies of the turn's calls so far (<see cref="LlmAccountingBatch.AwaitCapture"/>).</summary>
    internal void CaptureAwaiting(LlmAccountingBatch batch) => batch.CaptureAwaiting(apiKey);

    internal async Task WriteAsync(LlmCallRecord call)
    {
        if (!call.WentUpstream)
        {
            return;
        }
        var options = call.Options;
        if (options.TenantId() is not { } tenantId)
        {
            LogNoTenant(logger, call.Provider, options.Purpose());
            return;
        }
        var conversationId = options.ConversationId();
        var purpose = options.Purpose();
        if (options.AccountingBatch() is { } batch && batch.TryAdd(() => call.ToEntity(tenantId, conversationId, purpose, prices, apiKey)))
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            db.LlmRequests.Add(call.ToEntity(tenantId, conversationId, purpose, prices, apiKey));
            // Not the caller's token: a call that was cancelled or failed is still accounted for.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Only the exception type: its message could quote the row (and so the prompt).
            LogWriteFailed(logger, call.Provider, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "LLM call to {Provider} (purpose {Purpose}) has no tenant in its ChatOptions (LlmCallContext.For); not accounted")]
    private static partial void LogNoTenant(ILogger logger, string provider, string purpose);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the llm_requests row of a call to {Provider}: {ErrorType}")]
    private static partial void LogWriteFailed(ILogger logger, string provider, string errorType);
}
