using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Profiles;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Turns the pipeline answers itself, with no responder and no model: asking for a person or a callback, a complaint,
/// booking a visit or demo, and a message that only gives contact details. These are actions for the sales team, not
/// catalog questions, so the answer must be the same whatever the provider.
/// </summary>
public static class DirectAnswers
{
    public static bool Handles(string intent, MessageClassification classification) => intent switch
    {
        ClassificationIntents.HumanHandoff or ClassificationIntents.RequestCallback or ClassificationIntents.Complaint
            or ClassificationIntents.ScheduleVisit or ClassificationIntents.ScheduleDemo => true,
        ClassificationIntents.ContactInfo => !classification.Contact.IsEmpty,
        _ => false,
    };

    /// <param name="profile">What the shopper told us before: a phone or e-mail given earlier is not asked for again.</param>
    public static ResponderReply Answer(string intent, MessageClassification classification, ConversationState state, CatalogSnapshot catalog,
        LearnedProfile? profile = null)
    {
        var contactGiven = !classification.Contact.IsEmpty;
        var onFile = contactGiven ? null : ContactOnFile(profile);
        var product = state.LastShownProductIds.Count > 0 ? catalog.Find(state.LastShownProductIds[0]) : null;
        var text = intent switch
        {
            ClassificationIntents.HumanHandoff => contactGiven
                ? "Of course. I've flagged this conversation for our sales team and noted your details; a person will get back to you soon."
                : onFile is not null
                ? $"Of course. I've flagged this conversation for our sales team; a person will get back to you {onFile}."
                : "Of course. I've flagged this conversation for our sales team so a person can pick it up. Leave your phone number or e-mail here and they will get back to you.",
            ClassificationIntents.RequestCallback => contactGiven
                ? "Thanks, I've noted your details: someone from our sales team will call you back soon."
                : onFile is not null
                ? $"Sure: I've asked our sales team to get back to you {onFile}. If another number or a time suits you better, just tell me."
                : "Happy to arrange a callback. Leave your phone number (and a good time to call) or your e-mail here, and someone from our sales team will get back to you.",
            ClassificationIntents.Complaint => onFile is not null
                ? $"I'm sorry to hear that. I can't look up orders here, but a person from our team can help and will contact you {onFile}."
                : "I'm sorry to hear that. I can't look up orders here, but a person from our team can help: leave your phone number or e-mail and they will contact you.",
            ClassificationIntents.ScheduleVisit or ClassificationIntents.ScheduleDemo => Booking(intent, product, contactGiven, onFile),
            _ => $"Thanks{(classification.Contact.Name is { } name ? $", {name.Split(' ')[0]}" : "")}! I've noted your contact details for our sales team, " +
                 "and someone will be in touch. Anything else I can help you find meanwhile?",
        };
        var chips = intent is ClassificationIntents.ScheduleVisit or ClassificationIntents.ScheduleDemo && !contactGiven && onFile is null
            ? new List<string> { PipelineChips.RequestCallback }
            : [];
        return new ResponderReply(text, [], intent, chips, 0.9, state with { LastIntent = intent }) { Responder = "local" };
    }

    private static string Booking(string intent, Product? product, bool contactGiven, string? onFile)
    {
        var what = intent == ClassificationIntents.ScheduleDemo ? "a demo" : "a visit";
        var of = product is null ? "" : $" {(intent == ClassificationIntents.ScheduleDemo ? "of" : "to see")} the {product.Name}";
        return contactGiven
            ? $"Great, I've noted your details and asked our team to arrange {what}{of}. They will confirm a time with you."
            : onFile is not null
            ? $"Great, I've asked our team to arrange {what}{of}. They will confirm a time with you {onFile}."
            : $"Happy to set up {what}{of}! Leave your name and phone number or e-mail here and our team will confirm a time with you.";
    }

    /// <summary>
    /// How the team will reach a shopper who gave a phone or e-mail earlier, without repeating it in full: the chat may be
    /// read over a shoulder. Null when neither is known.
    /// </summary>
    private static string? ContactOnFile(LearnedProfile? profile)
    {
        var digits = profile?.Phone is { } phone ? new string(phone.Where(char.IsAsciiDigit).ToArray()) : "";
        return digits.Length >= 4 ? $"on the number you gave us (ending in {digits[^4..]})"
            : profile?.Email is { Length: > 0 } ? "at the e-mail address you gave us"
            : null;
    }
}
