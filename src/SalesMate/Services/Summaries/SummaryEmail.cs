using System.Net;
using System.Text;
using SalesMate.Core.Entities;
using SalesMate.Services.Email;

namespace SalesMate.Services.Summaries;

/// <summary>The HTML (and plain-text) email a conversation's final summary is sent as. Every value is HTML-encoded.</summary>
public static class SummaryEmail
{
    /// <param name="leadLink">From <see cref="LeadLinks.For"/>; an absolute one is a clickable link in the HTML part.</param>
    public static EmailMessage Build(string to, string tenantName, Conversation conversation, string? leadLink, SummaryDetails details, string summary)
    {
        var who = details.Name ?? details.Email ?? "an anonymous shopper";
        var subject = $"[{tenantName}] {Capitalize(details.Temperature ?? "cold")} lead: {who}";
        var rows = Rows(details, conversation, leadLink);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append("<h2>Conversation summary</h2>");
        html.Append("<p>").Append(Encode(summary)).Append("</p>");
        html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var (label, value) in rows)
        {
            var cell = label == LeadLabel && LeadLinks.IsAbsolute(value) ? $"<a href=\"{Encode(value)}\">{Encode(value)}</a>" : Encode(value);
            html.Append("<tr><th align=\"left\">").Append(Encode(label)).Append("</th><td>").Append(cell).Append("</td></tr>");
        }
        html.Append("</table></body></html>");

        var text = new StringBuilder().AppendLine("Conversation summary").AppendLine().AppendLine(summary).AppendLine();
        foreach (var (label, value) in rows)
        {
            text.Append(label).Append(": ").AppendLine(value);
        }
        return new EmailMessage(to, subject, text.ToString(), EmailKinds.Summary) { Html = html.ToString(), SessionId = conversation.SessionId };
    }

    private const string LeadLabel = "Lead";

    private static List<(string Label, string Value)> Rows(SummaryDetails d, Conversation conversation, string? leadLink)
    {
        var rows = new List<(string, string)>
        {
            ("Need", d.Need ?? "not stated"),
            ("Budget", d.Budget ?? "not stated"),
            ("Products of interest", d.Products.Count > 0 ? string.Join(", ", d.Products) : "none"),
            ("Objections", d.Objections.Count > 0 ? string.Join(", ", d.Objections) : "none"),
            ("Sentiment", d.Sentiment ?? "neutral"),
            ("Score", $"{d.Temperature} - intent to buy {d.IntentScore:0.#}/10, engagement {d.EngagementScore:0.#}/10"),
            ("Name", d.Name ?? "not given"),
            ("Email", d.Email ?? "not given"),
            ("Phone", d.Phone ?? "not given"),
            ("Next step", d.NextStep ?? "-"),
            ("Conversation", $"{conversation.Id} ({conversation.MessageCount} messages, last {conversation.LastMessageAt:yyyy-MM-dd HH:mm} UTC)"),
        };
        if (leadLink is not null)
        {
            rows.Add((LeadLabel, leadLink));
        }
        return rows;
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Capitalize(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];
}
