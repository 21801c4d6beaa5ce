using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Rag.Answers;

namespace SalesMate.Services.Llm;

/// <summary>"I saw it cheaper elsewhere": the price-match policy from the documents, or honestly none (<see cref="PriceMatchAnswerText"/>).</summary>
public sealed partial class LocalSalesResponder
{
    /// <param name="knowledge">The price-match passages; null when the conversation's agent has no documents to look in.</param>
    private static ResponderReply PriceMatch(ResponderContext context, KnowledgeGrounding? knowledge)
    {
        var state = context.State with { LastIntent = ClassificationIntents.PriceObjection };
        IReadOnlyList<string> chips = LastShown(context).Count > 0 ? [PriceMatchAnswerText.CheaperChip] : [];
        if (knowledge is { HasPassages: true })
        {
            var (text, sources) = PriceMatchAnswerText.Policy(knowledge);
            return new ResponderReply(text, [], ClassificationIntents.PriceObjection, chips, 0.8, state)
            {
                Sources = sources,
                Offer = PendingOffer.CheaperOptions,
            };
        }
        var contact = knowledge?.SalesContact ?? context.TenantSettings?.SalesRecipientEmail;
        return new ResponderReply(PriceMatchAnswerText.NoPolicy(contact), [], ClassificationIntents.PriceObjection, chips, 0.5, state)
        {
            Offer = PendingOffer.CheaperOptions,
        };
    }
}
