namespace SalesMate.Services.Privacy;

/// <summary>
/// Whose data a privacy request covers, within the current tenant: the accounts with the email, the chat sessions
/// proven to have it (or signed in to those accounts, or the session that just proved it), and their conversations.
/// </summary>
public sealed record PrivacySubject(string Email, IReadOnlyList<Guid> UserIds, IReadOnlyList<Guid> SessionIds, IReadOnlyList<Guid> ConversationIds);
