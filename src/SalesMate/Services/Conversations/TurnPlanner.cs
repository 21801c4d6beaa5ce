using System.Diagnostics;
using SalesMate.Core.Entities;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Answers;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Everything a turn is answered from, read before the model is called: the loaded turn, the responder's context, the
/// knowledge plan, the conversation's own mode responder (role-play) and, for the sales pipeline, the welcome back.
/// </summary>
public sealed record PlannedTurn(LoadedTurn Loaded, ResponderContext Context, KnowledgePlan Knowledge, ISalesResponder? ModeResponder,
    PipelineOpening Opening)
{
    public Conversation Conversation => Loaded.Conversation;
}

/// <summary>The database work of a turn before its answer is generated (seed 001 steps 1, 2 and 9, the knowledge step).</summary>
public sealed class TurnPlanner(
    TurnLoader loader,
    TurnKnowledgePlanner knowledgePlanner,
    MessagePreprocessor preprocessor,
    WelcomeBack welcomeBack,
    IEnumerable<IConversationModeResponder> modeResponders)
{
    public async Task<PlannedTurn> PlanAsync(PreparedTurn turn, TurnShape? shape, LlmAccountingBatch accounting, CancellationToken cancellationToken)
    {
        var loaded = await loader.LoadAsync(turn, shape);
        Utils.TurnTimeline.Mark("plan.loaded");
        var conversation = loaded.Conversation;

        // Pipeline step 2 (seed 001): the catalog's spellings ("whitfield" -> "Whitefield", "2bhk" -> "2BHK"), once,
        // before anything reads the message; the stored message stays as the shopper wrote it.
        var preprocessed = await preprocessor.PreprocessAsync(turn.Message, loaded.Catalog, loaded.TenantSettings, conversation.Id, accounting, cancellationToken);

        Utils.TurnTimeline.Mark("plan.preprocessed");
        var context = new ResponderContext(loaded.Catalog, conversation.State, preprocessed.Text, loaded.Shopper, loaded.Assistant)
        {
            Preprocessed = preprocessed,
            ConversationId = conversation.Id,
            History = loaded.History,
            Overrides = ModelOverrides.For(loaded.Assistant, loaded.Agent, loaded.TenantSettings),
            TenantSettings = loaded.TenantSettings,
            Accounting = accounting,
            Profile = loaded.Profile,
            Summary = loaded.Summary?.Text,
            MaxOutputTokens = shape?.MaxOutputTokens,
        };
        var modeResponder = await ModeResponderAsync(conversation);
        var knowledge = modeResponder is null ? await knowledgePlanner.PlanAsync(context, conversation.Agent, loaded.Agent) : KnowledgePlan.None;
        Utils.TurnTimeline.Mark("plan.knowledge");
        context = context with { Knowledge = knowledge.Grounding };
        return new PlannedTurn(loaded, context, knowledge, modeResponder, modeResponder is null ? await OpeningAsync(conversation, loaded) : PipelineOpening.None);
    }

    /// <summary>Steps 1 + 9 of the sales pipeline read here, so that the pipeline itself needs no database while the model answers.</summary>
    private async Task<PipelineOpening> OpeningAsync(Conversation conversation, LoadedTurn loaded)
    {
        var started = Stopwatch.GetTimestamp();
        var welcome = await welcomeBack.ForAsync(conversation, loaded.Catalog, CancellationToken.None);
        return new PipelineOpening(welcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<ISalesResponder?> ModeResponderAsync(Conversation conversation)
    {
        foreach (var mode in modeResponders)
        {
            if (await mode.ForAsync(conversation, CancellationToken.None) is { } found)
            {
                return found;
            }
        }
        return null;
    }
}
