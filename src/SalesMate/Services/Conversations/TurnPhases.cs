using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Where a turn's database work runs: planning before the model is called, storing after it answered (or stopped).
/// Everything between the two needs no database.
/// </summary>
public interface ITurnPhases
{
    Task<PlannedTurn> PlanAsync(PreparedTurn turn, TurnShape? shape, LlmAccountingBatch accounting, CancellationToken cancellationToken);

    Task<T> StoreAsync<T>(PlannedTurn planned, Func<AnswerStore, Task<T>> store);
}

/// <summary>
/// Both phases on the caller's scope and DbContext: the non-streaming API stages the shopper's message there and saves it
/// with the answer in one transaction.
/// </summary>
public sealed class InScopeTurnPhases(TurnPlanner planner, AnswerStore answers) : ITurnPhases
{
    public Task<PlannedTurn> PlanAsync(PreparedTurn turn, TurnShape? shape, LlmAccountingBatch accounting, CancellationToken cancellationToken) =>
        planner.PlanAsync(turn, shape, accounting, cancellationToken);

    public Task<T> StoreAsync<T>(PlannedTurn planned, Func<AnswerStore, Task<T>> store) => store(answers);
}
