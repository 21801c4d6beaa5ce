using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMate.Database;

/// <summary>
/// Refuses a SQLite command with U+0000 in a text parameter, at the point where PostgreSQL refuses it: the same
/// 400 "Invalid text" on both databases, and nothing stored by the refused command (a save is one command or one
/// transaction). Every value a request stores or searches for reaches the database as a parameter.
/// </summary>
internal sealed class SqliteUnstorableText : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result) => Checked(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Checked(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Checked(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Checked(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Checked(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Checked(command, result));

    private static T Checked<T>(DbCommand command, T result)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                throw new UnstorableTextException();
            }
        }
        return result;
    }
}
