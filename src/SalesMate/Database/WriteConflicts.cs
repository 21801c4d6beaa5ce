using Microsoft.EntityFrameworkCore;

namespace SalesMate.Database;

/// <summary>
/// Failures that mean another request wrote the same rows first (a concurrency token moved on, a unique key was taken):
/// the client is told to retry (409). They are expected under concurrency, not server faults.
/// </summary>
public static class WriteConflicts
{
    public static bool IsConflict(Exception exception) => exception is DbUpdateConcurrencyException || IsUniqueViolation(exception);

    /// <summary>A unique or primary key violation, raised by the database itself or wrapped by EF Core.</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }:
                case Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }: // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
                    return true;
            }
        }
        return false;
    }
}
