using Npgsql;

namespace SalesMate.Database;

/// <summary>
/// PostgreSQL refuses text holding U+0000 (SQLite stores it), in a saved value as in a query parameter. Such a
/// failure is the request's fault, not the server's: the exception handlers answer it as a bad request.
/// </summary>
public static class UnstorableText
{
    public const string Message = "The request holds a NUL character (\\u0000), which cannot be stored or searched for. Remove it and send the request again.";

    public static bool IsCause(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
            {
                return true;
            }
        }
        return false;
    }
}
