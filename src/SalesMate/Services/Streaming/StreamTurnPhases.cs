using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Summaries;

namespace SalesMate.Services.Streaming;

/// <summary>
/// A background stream's turn on short-lived scopes: it is planned on a DbContext that is disposed before the model is
/// called, and stored on a fresh one at the end, so an open stream holds no DbContext (nor its connection) while the
/// model answers. The store phase sees the conversation as it was loaded, so it saves exactly what the turn changed.
/// Planning starts while the request still commits the question; it waits for <c>questionStored</c> before
/// anything that may call a model.
/// </summary>
public sealed class StreamTurnPhases(IServiceScopeFactory scopes, Guid tenantId, Task questionStored) : ITurnPhases
{
    private Conversation? _asLoaded;
    private RollingSummaryReads? _summaryReads;
    private AsyncServiceScope? _storeScope;

    public async Task<PlannedTurn> PlanAsync(PreparedTurn turn, TurnShape? shape, LlmAccountingBatch accounting, CancellationToken cancellationToken)
    {
        await using var scope = Open();
        var planned = await scope.ServiceProvider.GetRequiredService<TurnPlanner>().PlanAsync(turn, shape, accounting, cancellationToken, questionStored);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        // Planning reads but does not change the conversation; should it ever, the store phase still saves the change.
        var loaded = db.Entry(planned.Conversation);
        _asLoaded = loaded.State == EntityState.Modified ? (Conversation)loaded.OriginalValues.ToObject() : null;
        _summaryReads = scope.ServiceProvider.GetRequiredService<RollingSummaries>().Reads;
        return planned;
    }

    public async Task<T> StoreAsync<T>(PlannedTurn planned, Func<AnswerStore, Task<T>> store)
    {
        if (_storeScope is { } earlier)
        {
            await earlier.DisposeAsync();
        }
        // Kept for the stream's last write, which follows at once (see TakeStoreScope).
        var scope = Open();
        _storeScope = scope;
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var conversation = db.Conversations.Attach(planned.Conversation);
        if (_asLoaded is not null)
        {
            conversation.OriginalValues.SetValues(_asLoaded);
        }
        if (_summaryReads is not null)
        {
            scope.ServiceProvider.GetRequiredService<RollingSummaries>().Know(_summaryReads);
        }
        return await store(scope.ServiceProvider.GetRequiredService<AnswerStore>());
    }

    /// <summary>The store phase's scope, so that the stream's last write needs no scope and DbContext of its own; the caller disposes it.</summary>
    public AsyncServiceScope? TakeStoreScope()
    {
        var scope = _storeScope;
        _storeScope = null;
        return scope;
    }

    private AsyncServiceScope Open()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        return scope;
    }
}
