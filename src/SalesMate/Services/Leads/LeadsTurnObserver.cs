using SalesMate.Database;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Profiles;
using SalesMate.Services.Summaries;
using SalesMate.Vector;

namespace SalesMate.Services.Leads;

/// <summary>
/// Issue 6 after every completed turn, in this order: learn profile facts from the shopper's message, score the lead
/// (contact details learned in this turn count), fold old history into a rolling summary when it is over budget.
/// Only sales conversations feed leads and profiles: a trainer's coaching or role-play turn is a member of staff
/// practising, not a prospect.
/// </summary>
public sealed class LeadsTurnObserver(CatalogIndex catalogIndex, ProfileFactExtractor extractor, ProfileFactStore facts, LeadScorer scorer,
    RollingSummaries summaries) : ITurnObserver
{
    public async Task OnTurnCompletedAsync(TurnInsights turn, SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var (catalog, settings) = turn is { Catalog: { } known, TenantSettings: { } knownSettings }
            ? (known, knownSettings)
            : await catalogIndex.GetWithSettingsAsync(db, cancellationToken);
        if (turn.Agent != Core.Entities.Agents.Sales)
        {
            await summaries.FoldIfOverBudgetAsync(turn.ConversationId, turn.State, catalog, cancellationToken);
            return;
        }
        var owner = new FactOwner(turn.UserId, turn.SessionId);
        var interest = ProfileFactRules.ShowsInterest(turn.Intent)
            ? (turn.ShownProductIds.Count > 0 ? turn.ShownProductIds : turn.State.LastShownProductIds)
                .Select(catalog.Find).OfType<Core.Entities.Product>().Select(p => p.Name).ToList()
            : [];
        var extraction = await extractor.ExtractAsync(turn.UserText, catalog, interest, db.CurrentTenantId, turn.ConversationId, null, cancellationToken);
        Utils.TurnTimeline.Mark("leads.extracted");
        var learned = await facts.LearnAsync(owner, extraction, turn.UserMessageId, turn.ConversationId, cancellationToken);
        Utils.TurnTimeline.Mark("leads.learned");
        await scorer.ScoreAsync(turn, catalog, settings, learned, cancellationToken);
        Utils.TurnTimeline.Mark("leads.scored");
        await summaries.FoldIfOverBudgetAsync(turn.ConversationId, turn.State, catalog, cancellationToken);
    }

    /// <summary>Of this observer's rows only the lead is written over what was read (<see cref="LeadScorer"/>).</summary>
    public Task RedoAfterConflictAsync(SalesMateDbContext db, CancellationToken cancellationToken) => scorer.RescoreAsync(cancellationToken);
}
