using SalesMate.Core.Entities;

namespace SalesMate.Services.Privacy;

/// <summary>Everything stored for one email in one tenant. Secrets (password and token hashes, code hashes) are left out.</summary>
public sealed record PrivacyExport(
    string Email,
    DateTime ExportedAt,
    IReadOnlyList<ExportedUser> Users,
    IReadOnlyList<ExportedProfile> Profiles,
    IReadOnlyList<ExportedAccountSession> AccountSessions,
    IReadOnlyList<ExportedChatSession> ChatSessions,
    IReadOnlyList<ExportedConversation> Conversations,
    IReadOnlyList<ExportedModelCall> ModelCalls,
    IReadOnlyList<ExportedEmail> Emails,
    IReadOnlyList<ExportedOneTimeCode> OneTimeCodes,
    IReadOnlyList<ExportedUsageEvent> UsageEvents)
{
    /// <summary>Sections contributed by <see cref="IPersonalDataStore"/>s, by store name.</summary>
    public Dictionary<string, object?> Other { get; init; } = [];
}

public sealed record ExportedUser(Guid Id, string Email, string? DisplayName, string Role, bool IsActive, DateTime? EmailVerifiedAt,
    DateTime? PasswordChangedAt, DateTime CreatedAt, DateTime? LastActiveAt);

public sealed record ExportedProfile(Guid UserId, decimal? BudgetMin, decimal? BudgetMax, string Currency, IReadOnlyList<string> Categories,
    IReadOnlyList<string> KeyFeatures, IReadOnlyList<string> Preferences, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ExportedAccountSession(Guid Id, Guid UserId, DateTime CreatedAt, DateTime ExpiresAt, DateTime? RevokedAt,
    string? RevokedReason, string? UserAgent, string? IpAddress);

public sealed record ExportedChatSession(Guid Id, string? Email, bool IsAnonymous, Guid? UserId, DateTime CreatedAt, DateTime LastActivityAt);

public sealed record ExportedConversation(Guid Id, Guid SessionId, Guid? UserId, Guid? ShopperPersonaId, string? Title, string Status,
    ConversationState State, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<ExportedMessage> Messages, IReadOnlyList<ExportedSummary> Summaries);

public sealed record ExportedMessage(Guid Id, int Sequence, string Role, string Content, MessageMetadata Metadata, DateTime CreatedAt);

public sealed record ExportedSummary(Guid Id, string Summary, int MessagesIncluded, DateTime CreatedAt);

public sealed record ExportedModelCall(Guid Id, Guid? ConversationId, string Purpose, string Provider, string Model, string? RequestBody,
    string? ResponseBody, int? TotalTokens, decimal? ComputedCost, string Status, string? Error, DateTime CreatedAt);

public sealed record ExportedEmail(Guid Id, Guid? SessionId, string ToEmail, string Subject, string? Body, string Kind, string Provider,
    string Status, string? ProviderMessageId, string? Error, DateTime CreatedAt);

public sealed record ExportedOneTimeCode(Guid Id, string Purpose, Guid? SessionId, string? RequestedIp, int FailedAttempts, DateTime CreatedAt,
    DateTime ExpiresAt, DateTime? ConsumedAt, DateTime? InvalidatedAt);

public sealed record ExportedUsageEvent(Guid Id, Guid? SessionId, Guid? ConversationId, string Action, IReadOnlyDictionary<string, string> Metadata,
    DateTime CreatedAt);
