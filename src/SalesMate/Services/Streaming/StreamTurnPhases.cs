using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Profiles;
using SalesMate.Services.Summaries;

namespace SalesMate.Services.Streaming;

/// <summary>
/// A background stream's turn on short-lived scopes: it is planned on a DbContext that is disposed (on a thread-pool
/// thread, while the model is called) once the plan is made, and stored on a fresh one at the end, so an open stream holds no DbContext (nor its connection) while the
/// model answers. The store phase sees the conversation as it was loaded, so it saves exactly what the turn changed.
/// Planning starts while the request still commits the question. Until <c>questionStored</c> completes the turn's
/// chat calls wait (<see cref="LlmAccountingBatch.AdmitAfter"/>) and nothing is stored; if it fails, nothing ever is.
/// </summary>
public sealed class StreamTurnPhases(IServiceScopeFactory scopes, Guid tenantId, Task questionStored) : ITurnPhases
{
    private Conversation? _asLoaded;
    private RollingSummaryReads? _summaryReads;
    private ProfileFactReads? _factReads;
    private AsyncServiceScope? _storeScope;
    private Task _planningClosed = Task.CompletedTask;

    public async Task<PlannedTurn> PlanAsync(PreparedTurn turn, TurnShape? shape, LlmAccountingBatch accounting, CancellationToken cancellationToken)
    {
        accounting.AdmitAfter(questionStored);
        var scope = Open();
        Utils.TurnTimeline.Mark("plan.scope");
        try
        {
            var planned = await scope.ServiceProvider.GetRequiredService<TurnPlanner>().PlanAsync(turn, shape, accounting, cancellationToken);
            _summaryReads = scope.ServiceProvider.GetRequiredService<RollingSummaries>().Reads;
            _factReads = scope.ServiceProvider.GetRequiredService<ProfileFactStore>().Reads;
            // Checking the planned conversation for changes (a snapshot comparison) and closing the DbContext and its
            // connection are not on the way to the first token; the store phase waits for both.
            _planningClosed = Task.Run(async () =>
            {
                await using (scope)
                {
                    // Planning reads but does not change the conversation; should it ever, the store phase still saves the change.
                    var loaded = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Entry(planned.Conversation);
                    _asLoaded = loaded.State == EntityState.Modified ? (Conversation)loaded.OriginalValues.ToObject() : null;
                }
            }, CancellationToken.None);
            return planned;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    public async Task<T> StoreAsync<T>(PlannedTurn planned, Func<AnswerStore, Task<T>> store)
    {
        await questionStored; // an answer without its question is never stored: the commit's failure ends the turn here
        // The planned conversation is attached to the store's DbContext only once the planning one checked it and let go of it.
        await _planningClosed;
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
        if (_factReads is not null)
        {
            scope.ServiceProvider.GetRequiredService<ProfileFactStore>().Know(_factReads);
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
