using System.Globalization;
using System.Text.Json;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Reads the JSON columns a session lookup brings: PostgreSQL's <c>salesmate_newest_messages</c> (migration 0026), and on
/// both databases the session's <c>facts_json</c> (migrations 0029 and 0031, in the format of PostgreSQL's
/// <c>salesmate_session_facts</c>); each an array of arrays, or null when there are no rows.
/// </summary>
internal static class SessionLookupColumns
{
    /// <summary>Elements [id, sequence, role, content, created_at], newest first.</summary>
    public static IReadOnlyList<Message> Messages(string? json, Conversation conversation) => Read(json, row => new Message
    {
        Id = row[0].GetGuid(),
        TenantId = conversation.TenantId,
        ConversationId = conversation.Id,
        Sequence = row[1].GetInt32(),
        Role = row[2].GetString()!,
        Content = row[3].GetString()!,
        CreatedAt = Utc(row[4]),
    });

    /// <summary>Elements [id, kind, value, source, message_id, conversation_id, created_at, updated_at].</summary>
    public static IReadOnlyList<ProfileFact> Facts(string? json, VisitorSession session) => Read(json, row => new ProfileFact
    {
        Id = row[0].GetGuid(),
        TenantId = session.TenantId,
        SessionId = session.Id,
        Kind = row[1].GetString()!,
        Value = row[2].GetString()!,
        Source = row[3].GetString()!,
        MessageId = NullableGuid(row[4]),
        ConversationId = NullableGuid(row[5]),
        CreatedAt = Utc(row[6]),
        UpdatedAt = Utc(row[7]),
    });

    private static List<T> Read<T>(string? json, Func<JsonElement, T> read)
    {
        if (json is null)
        {
            return [];
        }
        using var document = JsonDocument.Parse(json);
        var rows = new List<T>(document.RootElement.GetArrayLength());
        foreach (var row in document.RootElement.EnumerateArray())
        {
            rows.Add(read(row));
        }
        return rows;
    }

    private static Guid? NullableGuid(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetGuid();

    // PostgreSQL writes timestamptz in the session's time zone with its offset; SQLite stores UTC without one. Entities keep UTC.
    private static DateTime Utc(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
}
