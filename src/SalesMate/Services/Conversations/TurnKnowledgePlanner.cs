using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Rag.Answers;
using SalesMate.Services.Tenancy;

namespace SalesMate.Services.Conversations;

/// <summary>For a knowledge question: a cached answer, or the passages of the agent's namespace to answer from.</summary>
public sealed class TurnKnowledgePlanner(SalesMateDbContext db, KnowledgeAnswers knowledgeAnswers, ILogger<TurnKnowledgePlanner> logger)
{
    public async Task<KnowledgePlan> PlanAsync(ResponderContext context, string agentName, AgentSettings? agent)
    {
        if (agent is null)
        {
            return KnowledgePlan.None;
        }
        try
        {
            return await knowledgeAnswers.PlanAsync(db, context, agentName, agent.RetrievalNamespace, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Answering without the documents is better than no answer, but a knowledge question must then not be guessed.
            logger.LogWarning(ex, "Knowledge retrieval failed for conversation {ConversationId}", context.ConversationId);
            var parsed = context.Catalog.Parser.Parse(context.Message);
            return KnowledgeQuestionDetector.IsKnowledgeQuestion(context.Message, parsed)
                ? new KnowledgePlan(new KnowledgeGrounding([], context.TenantSettings?.SalesRecipientEmail), null, null)
                : KnowledgePlan.None;
        }
    }

    /// <summary>Adds the turn's answer-cache rows to the unit of work (saved with the answer).</summary>
    public Task RecordAsync(KnowledgePlan plan, ResponderReply reply) => knowledgeAnswers.RecordAsync(db, plan, reply, CancellationToken.None);
}
