using SalesMate.Core.Entities;

namespace SalesMate.Api.Models;

public sealed record LeadContact(string? Name, string? Email, string? Phone);

public sealed record LeadCounters(int SiteVisitsRequested, int DemosRequested, int CallbacksRequested, int BrochuresRequested);

public sealed record LeadListItem(Guid Id, string Temperature, double EngagementScore, double IntentScore, LeadContact Contact,
    IReadOnlyList<string> ProductsOfInterest, LeadCounters Counters, string? Summary, DateTime LastActivityAt, string Url);

public sealed record LeadListResponse(IReadOnlyList<LeadListItem> Leads);

/// <summary>One signal behind the scores: how often it was seen, how many of those count, the points they add, and where.</summary>
public sealed record LeadExplanationItem(string Signal, string Label, int Count, int Counted, double EngagementPoints, double IntentPoints,
    IReadOnlyList<Guid> MessageIds);

public sealed record LeadScoreExplanation(double Combined, double HotThreshold, double WarmThreshold, double IntentWeight, double EngagementWeight,
    IReadOnlyList<LeadExplanationItem> Signals);

public sealed record LeadEventResponse(Guid Id, string Kind, double EngagementBefore, double EngagementAfter, double IntentBefore, double IntentAfter,
    string TemperatureBefore, string TemperatureAfter, IReadOnlyList<LeadSignal> Signals, Guid? ConversationId, Guid? MessageId, DateTime CreatedAt);

public sealed record LeadConversation(Guid Id, string? Title, int MessageCount, DateTime CreatedAt, DateTime? LastMessageAt, DateTime? SummarizedAt,
    string TranscriptUrl);

public sealed record LearnedFactResponse(Guid Id, string Kind, string Value, string Source, Guid? MessageId, DateTime UpdatedAt)
{
    public static LearnedFactResponse From(ProfileFact f) => new(f.Id, f.Kind, f.Value, f.Source, f.MessageId, f.UpdatedAt);
}

public sealed record LeadDetailResponse(
    Guid Id, Guid? UserId, string Temperature, double EngagementScore, double IntentScore, LeadScoreExplanation Explanation,
    LeadContact Contact, IReadOnlyList<ProductInterest> ProductsOfInterest, IReadOnlyList<LeadObjection> Objections, LeadCounters Counters,
    string? Sentiment, string? Summary, DateTime LastActivityAt, DateTime CreatedAt, string? TranscriptUrl,
    IReadOnlyList<LeadConversation> Conversations, IReadOnlyList<LeadEventResponse> Events, IReadOnlyList<LearnedFactResponse> LearnedFacts);
