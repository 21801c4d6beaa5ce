using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using SalesMate.Services.Llm;

namespace SalesMate.Services.Training;

public sealed record ObjectionResult(string Objection, bool Addressed, string? Evidence);

public sealed record ComplianceResult(IReadOnlyList<string> Required, IReadOnlyList<string> Said, IReadOnlyList<string> Missing);

/// <summary>The short report of a scored role-play, stored (as JSON) with the training session.</summary>
public sealed record RolePlayReport(
    int Score,
    string Profile,
    IReadOnlyList<ObjectionResult> Objections,
    int ProductKnowledge,
    IReadOnlyList<string> KnowledgeEvidence,
    ComplianceResult Compliance,
    int TraineeTurns,
    string Summary,
    string Scorer);

/// <summary>
/// Scores a trainee's handling of a role-play: objections addressed (40 points), product knowledge (30: concrete
/// figures and terms of the product), compliance phrases said (30). Rules always; a model, when configured, may
/// rewrite the summary and adjust the score within 15 points of the rules (it never invents what was not said).
/// </summary>
public static partial class RolePlayScorer
{
    private static readonly string[] KnowledgeTerms =
    [
        "gap", "deductible", "coverage", "covered", "warranty", "term", "months", "miles", "apr", "interest", "loan",
        "payoff", "total loss", "negative equity", "lender", "service contract", "claim", "cancel", "refund", "prorated",
    ];

    public static IReadOnlyList<ObjectionResult> Handled(ObjectionProfile profile, IReadOnlyList<string> traineeLines) =>
        profile.Objections.Select(objection =>
        {
            var evidence = traineeLines.FirstOrDefault(line => objection.HandledBy.Any(phrase => Contains(line, phrase)));
            return new ObjectionResult(objection.Name, evidence is not null, evidence);
        }).ToList();

    public static RolePlayReport Score(ObjectionProfile profile, IReadOnlyList<string> traineeLines, IReadOnlyList<string> compliancePhrases)
    {
        var objections = Handled(profile, traineeLines);
        var text = string.Join(" ", traineeLines);
        var evidence = KnowledgeTerms.Where(term => Contains(text, term)).ToList();
        evidence.AddRange(Figures().Matches(text).Select(m => m.Value).Distinct().Take(5));
        var knowledge = Math.Min(30, evidence.Count * 8);
        var said = compliancePhrases.Where(p => Contains(text, p)).ToList();
        var missing = compliancePhrases.Except(said).ToList();
        var objectionPoints = profile.Objections.Count == 0 ? 40 : 40 * objections.Count(o => o.Addressed) / profile.Objections.Count;
        var compliancePoints = compliancePhrases.Count == 0 ? 30 : 30 * said.Count / compliancePhrases.Count;
        var score = traineeLines.Count == 0 ? 0 : objectionPoints + knowledge + compliancePoints;
        return new RolePlayReport(score, profile.Code, objections, knowledge, evidence, new ComplianceResult(compliancePhrases, said, missing),
            traineeLines.Count, Summary(objections, knowledge, missing, traineeLines.Count), "rules");
    }

    private static string Summary(IReadOnlyList<ObjectionResult> objections, int knowledge, IReadOnlyList<string> missing, int turns)
    {
        if (turns == 0)
        {
            return "The trainee said nothing: nothing to score.";
        }
        var parts = new List<string>();
        var open = objections.Where(o => !o.Addressed).Select(o => o.Objection).ToList();
        parts.Add(open.Count == 0 ? "Every objection was addressed." : $"Not addressed: {string.Join(", ", open)}.");
        parts.Add(knowledge >= 16 ? "Good use of product facts." : "Use more concrete product facts (coverage, term, monthly cost).");
        parts.Add(missing.Count == 0 ? "All compliance phrases were said." : $"Missing compliance phrases: {string.Join(", ", missing.Select(p => $"\"{p}\""))}.");
        return string.Join(" ", parts);
    }

    /// <summary>The model's view of the transcript, bounded by the rules' score so it cannot award what was not said.</summary>
    public static async Task<RolePlayReport> RefineAsync(IChatClient client, RolePlayReport rules, string transcript, Guid tenantId,
        Guid conversationId, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { Temperature = 0f, MaxOutputTokens = 300, ResponseFormat = ChatResponseFormat.Json }
            .For(tenantId, conversationId, LlmPurposes.Summarize);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, "You score a car-dealership finance trainee's role-play. Reply with JSON only: {\"score\": 0-100, \"summary\": \"two sentences of feedback\"}."),
            new(ChatRole.User, $"Rules-based findings: {JsonSerializer.Serialize(rules)}\n\nTranscript:\n{transcript}"),
        };
        var response = await client.GetResponseAsync(messages, options, cancellationToken);
        var verdict = JsonSerializer.Deserialize<ModelVerdict>(response.Text);
        if (verdict?.Summary is not { Length: > 0 } summary || verdict.Score is not { } score)
        {
            return rules;
        }
        return rules with { Score = Math.Clamp(score, Math.Max(0, rules.Score - 15), Math.Min(100, rules.Score + 15)), Summary = summary, Scorer = "llm" };
    }

    private sealed record ModelVerdict([property: JsonPropertyName("score")] int? Score, [property: JsonPropertyName("summary")] string? Summary);

    private static bool Contains(string text, string phrase) =>
        Regex.IsMatch(text, $@"\b{Regex.Escape(phrase)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(\$\s?\d+(,\d{3})*(\.\d+)?|\b\d+(\.\d+)?\s?(%|percent|months|years|miles|dollars)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Figures();
}
