using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// Stores a stream's events, on SQLite with one multi-row INSERT: EF sends one statement per row there (a stream writes one row per token), while Npgsql already sends EF's inserts as one batch.
/// Columns, quoting and value conversion come from the EF model, so the rows are stored exactly as EF would store them.
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
        if (!db.Database.IsSqlite())
        {
            db.StreamEvents.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
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
