using Npgsql;

namespace SalesMate.Database;

/// <summary>
/// PostgreSQL refuses text holding U+0000, in a saved value as in a query parameter; SQLite would store it, so it is
/// refused there too (<see cref="SqliteUnstorableText"/>, and JSON columns in <see cref="JsonColumn"/>) and a request
/// behaves the same on both databases. Such a failure is the request's fault, not the server's: the exception handlers
/// answer it as a bad request.
/// </summary>
public static class UnstorableText
{
    public const string Message = "The request holds a NUL character (\\u0000), which cannot be stored or searched for. Remove it and send the request again.";

    public static bool IsCause(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is UnstorableTextException or PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether serialised JSON holds U+0000, which it writes as the escape \u0000 (after an even run of backslashes).</summary>
    public static bool InJson(string json)
    {
        for (var i = json.IndexOf('\\', StringComparison.Ordinal); i >= 0 && i < json.Length - 1; i = json.IndexOf('\\', i + 2))
        {
            if (json[i + 1] == 'u' && string.CompareOrdinal(json, i + 2, "0000", 0, 4) == 0)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Text with U+0000 on its way to SQLite, refused as PostgreSQL refuses it.</summary>
public sealed class UnstorableTextException() : Exception(UnstorableText.Message);
