using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// Stores a stream's events with one multi-row INSERT: EF sends one statement per row on SQLite (a stream writes one row
/// per token), and on PostgreSQL a save costs a <c>SET</c>, the batch and a <c>COMMIT</c>, while a raw command gets the
/// row-level-security settings in front of its text (<see cref="TenantSessionInterceptor"/>) and runs as one implicit
/// transaction: one round trip. Columns, quoting and value conversion come from the EF model, so the rows are stored
/// exactly as EF would store them.
/// </summary>
public static class StreamEventRows
{
    private const int RowsPerStatement = 500; // 3,000 parameters, far below SQLite's limit of 32,766

    private static readonly string[] Columns =
        [nameof(StreamEvent.StreamId), nameof(StreamEvent.Sequence), nameof(StreamEvent.TenantId), nameof(StreamEvent.Event),
         nameof(StreamEvent.Data), nameof(StreamEvent.CreatedAt)];

    /// <summary>Stores the rows and whatever else <paramref name="db"/> has pending (a stream's final status) in one transaction.</summary>
    public static async Task SaveAsync(SalesMateDbContext db, IReadOnlyList<StreamEvent> rows, CancellationToken cancellationToken)
    {
        db.TenantSettingsOnConnection.MarkChatWrites();
        if (!db.Database.IsSqlite())
        {
            await SaveOnPostgresAsync(db, rows, cancellationToken);
            return;
        }
        var others = db.ChangeTracker.HasChanges();
        // One statement is atomic on its own; more than one, or other rows, share a transaction.
        await using var transaction = others || rows.Count > RowsPerStatement ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var (sql, parameters) = Insert(db, rows, start, Math.Min(RowsPerStatement, rows.Count - start));
            // Raw SQL without SaveChanges' tenant stamp: every row carries its stream's tenant, set by the runner.
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
        if (others)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One command: the multi-row INSERT and, when the context has only a stream's status pending, its UPDATE. PostgreSQL
    /// runs a command's statements as one implicit transaction, so both are stored or neither. Anything else pending takes
    /// EF's transactional save.
    /// </summary>
    private static async Task SaveOnPostgresAsync(SalesMateDbContext db, IReadOnlyList<StreamEvent> rows, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList();
        if (rows.Count > RowsPerStatement || pending is not ([] or [{ Entity: ChatStream, State: EntityState.Modified }]))
        {
            db.StreamEvents.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var statements = new List<string>(2);
        DbParameter[] parameters = [];
        if (rows.Count > 0)
        {
            (var insert, parameters) = Insert(db, rows, 0, rows.Count);
            statements.Add(insert);
        }
        if (pending is [var stream] && StatusUpdate(db, stream, parameters.Length) is var (update, updateParameters))
        {
            statements.Add(update);
            parameters = [.. parameters, .. updateParameters];
        }
        if (statements.Count > 0)
        {
            // Raw SQL without SaveChanges' tenant stamp: every row carries its stream's tenant, set by the runner; the
            // UPDATE names the stream's tenant too, and row-level security checks both.
            await db.Database.ExecuteSqlRawAsync(string.Join("; ", statements), parameters, cancellationToken);
        }
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>The stream's modified columns, for the stream of the tenant it was attached with; null when none changed.</summary>
    private static (string Sql, DbParameter[] Parameters)? StatusUpdate(SalesMateDbContext db, EntityEntry stream, int firstParameter)
    {
        var table = StoreObjectIdentifier.Table(stream.Metadata.GetTableName()!, stream.Metadata.GetSchema());
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        using var factory = db.Database.GetDbConnection().CreateCommand();
        var parameters = new List<DbParameter>();
        string Parameter(PropertyEntry property)
        {
            var name = sqlHelper.GenerateParameterName("p" + (firstParameter + parameters.Count));
            parameters.Add(property.Metadata.GetRelationalTypeMapping().CreateParameter(factory, name, property.CurrentValue));
            return name;
        }
        string Is(PropertyEntry property) => $"{sqlHelper.DelimitIdentifier(property.Metadata.GetColumnName(table)!)} = {Parameter(property)}";
        var set = stream.Properties.Where(p => p.IsModified).Select(Is).ToList();
        if (set.Count == 0)
        {
            return null;
        }
        var where = $"{Is(stream.Property(nameof(ChatStream.Id)))} AND {Is(stream.Property(nameof(ChatStream.TenantId)))}";
        return ($"UPDATE {sqlHelper.DelimitIdentifier(table.Name, table.Schema)} SET {string.Join(", ", set)} WHERE {where}", [.. parameters]);
    }

    private static (string Sql, DbParameter[] Parameters) Insert(SalesMateDbContext db, IReadOnlyList<StreamEvent> rows, int start, int count)
    {
        var entity = db.Model.FindEntityType(typeof(StreamEvent))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = Columns.Select(c => entity.FindProperty(c)!).ToArray();
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        using var factory = db.Database.GetDbConnection().CreateCommand();
        var sql = new StringBuilder("INSERT INTO ").Append(sqlHelper.DelimitIdentifier(table.Name, table.Schema)).Append(" (")
            .AppendJoin(", ", properties.Select(p => sqlHelper.DelimitIdentifier(p.GetColumnName(table)!))).Append(") VALUES ");
        var parameters = new DbParameter[count * properties.Length];
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < properties.Length; column++)
            {
                var index = row * properties.Length + column;
                var name = sqlHelper.GenerateParameterName("p" + index);
                sql.Append(column == 0 ? "" : ", ").Append(name);
                var property = properties[column];
                parameters[index] = property.GetRelationalTypeMapping().CreateParameter(factory, name, property.GetGetter().GetClrValue(rows[start + row]));
            }
            sql.Append(')');
        }
        return (sql.ToString(), parameters);
    }
}
