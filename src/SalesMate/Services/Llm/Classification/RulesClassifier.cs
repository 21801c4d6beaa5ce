using SalesMate.Services.Llm.Responders;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Classification;

/// <summary>
/// The fallback: the rules parser (<see cref="QueryParser"/>) for intent, budget, categories and brands, and
/// <see cref="ContactPatterns"/> for contact details. The intent is the first of <see cref="IntentRules"/> that fires
/// (human handoff, callback, demo, visit, complaint, price objection, knowledge question), else <c>contact_info</c>
/// for a message with contact details and nothing product-related, else the parser's catalog intent.
/// </summary>
public static class RulesClassifier
{
    public static MessageClassification Classify(string message, CatalogVocabulary vocabulary) =>
        Classify(message, vocabulary, new QueryParser(vocabulary));

    /// <param name="parser">A parser over <paramref name="vocabulary"/>: the catalog's own remembers the turn's earlier parse of the message.</param>
    public static MessageClassification Classify(string message, CatalogVocabulary vocabulary, QueryParser parser)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        message ??= "";
        var parsed = parser.Parse(message);
        var contact = ContactPatterns.Find(message, vocabulary.DefaultCurrency);
        // "my name is Sam, phone 555-123-4567" only gives contact details: the label "phone" is not a search for phones.
        var onlyContact = !contact.IsEmpty && parser.Parse(ContactPatterns.WithoutContact(message, contact)).IsVague;
        var intent = IntentRules.Match(message, parsed)
                     ?? (onlyContact ? ClassificationIntents.ContactInfo : LlmSalesResponder.IntentOf(parsed));
        return new MessageClassification
        {
            Intent = intent,
            Budget = parsed.Budget,
            Categories = parsed.Categories,
            Brands = parsed.Brands,
            Contact = contact,
            Source = MessageClassification.FromRules,
        };
    }
}
