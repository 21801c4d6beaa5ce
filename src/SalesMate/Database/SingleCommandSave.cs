using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SalesMate.Core.Entities;

namespace SalesMate.Database;

/// <summary>
/// Saves a unit of work of new and changed rows (a chat turn's answer) as one SQL command: a multi-row INSERT per table,
/// in foreign-key order, then an UPDATE of the changed columns per changed row, named by key and tenant. SaveChanges
/// spends most of such a save's CPU ordering, batching and tracking its commands, and sends one statement per row on
/// SQLite. Tenancy is the context's: the same stamp and guard as SaveChanges (<see cref="SalesMateDbContext.BeginOwnSave"/>),
/// and on PostgreSQL the command carries the row-level-security settings (<see cref="TenantSessionInterceptor"/>).
/// Columns and value conversion come from the EF model, so rows are stored exactly as SaveChanges would store them.
/// The command is atomic: on SQLite inside a transaction, on PostgreSQL as one implicit transaction (as
/// <see cref="Services.Streaming.OneBatchSave"/>). A failure throws <see cref="DbUpdateException"/> as SaveChanges
/// does and leaves the changes pending. See docs/decisions/0014b-answer-store.md.
/// </summary>
public static class SingleCommandSave
{
    /// <summary>Far below SQLite's 32,766 and PostgreSQL's 65,535 parameters per command.</summary>
    private const int MaxParameters = 2_000;

    /// <summary>
    /// Saves the pending changes and returns true, or returns false having written nothing when they need SaveChanges
    /// (a delete, a type <see cref="RowShape"/> does not cover, too many values).
    /// </summary>
    public static async Task<bool> TrySaveAsync(SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var autoDetect = db.BeginOwnSave();
        try
        {
            if (Pending(db) is not { } pending)
            {
                return false;
            }
            using var command = new RowStatements(db);
            foreach (var group in pending.Added.GroupBy(e => e.Shape).OrderBy(g => g.Key.Rank).ThenBy(g => g.Key.Table.Name, StringComparer.Ordinal))
            {
                command.Insert(group.Key, group.Select(e => e.Entry.Entity).ToList());
            }
            foreach (var (entry, shape) in pending.Modified)
            {
                command.Update(shape, entry);
            }
            if (command.Parameters.Count > MaxParameters)
            {
                return false;
            }
            if (command.Statements > 0)
            {
                Utils.TurnTimeline.Mark("save.built");
                await ExecuteAsync(db, command, pending.Entries, cancellationToken);
                Utils.TurnTimeline.Mark("save.executed");
            }
            Accept(db, pending);
            return true;
        }
        finally
        {
            db.EndOwnSave(autoDetect);
        }
    }

    /// <summary>
    /// The saved rows become unchanged, as after SaveChanges, so later edits of them are seen (a voice answer gets its
    /// audio length after it was stored). Inserted <see cref="IAppendOnly"/> rows are no longer tracked instead: nothing
    /// edits them, and accepting them would snapshot their JSON columns (serialise and parse again) for nothing.
    /// </summary>
    private static void Accept(SalesMateDbContext db, PendingRows pending)
    {
        foreach (var (entry, _) in pending.Added)
        {
            if (entry.Entity is IAppendOnly)
            {
                entry.State = EntityState.Detached;
            }
        }
        db.ChangeTracker.AcceptAllChanges();
    }

    private sealed record PendingRows(List<(EntityEntry Entry, RowShape Shape)> Added, List<(EntityEntry Entry, RowShape Shape)> Modified,
        List<EntityEntry> Entries);

    private static PendingRows? Pending(SalesMateDbContext db)
    {
        var pending = new PendingRows([], [], []);
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (entry.State == EntityState.Deleted || RowShape.Of(entry.Metadata) is not { } shape)
            {
                return null;
            }
            (entry.State == EntityState.Added ? pending.Added : pending.Modified).Add((entry, shape));
            pending.Entries.Add(entry);
        }
        return pending;
    }

    /// <summary>serialization_failure, raised by <c>salesmate_require_rows</c> (migration 0028) when a checked UPDATE matched no row.</summary>
    private const string RowChangedState = "40001";

    private static async Task ExecuteAsync(SalesMateDbContext db, RowStatements command, List<EntityEntry> entries, CancellationToken cancellationToken)
    {
        var database = db.Database;
        // PostgreSQL runs one command's statements as one implicit transaction; SQLite commits each statement on its own.
        await using var transaction = command.Statements > 1 && !db.IsPostgres && database.CurrentTransaction is null
            ? await database.BeginTransactionAsync(cancellationToken)
            : null;
        int affected;
        try
        {
            affected = await database.ExecuteSqlRawAsync(command.Sql, command.Parameters, cancellationToken);
        }
        catch (DbException ex) when (ex.SqlState == RowChangedState)
        {
            throw new DbUpdateConcurrencyException("A row changed or was deleted since it was read; nothing was saved.", ex);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", ex, entries);
        }
        // Npgsql counts no SELECT (a checked UPDATE is one), and says -1 for a command of nothing else.
        if (Math.Max(affected, 0) != command.Rows)
        {
            throw new DbUpdateConcurrencyException(
                $"The save expected to write {command.Rows} rows but wrote {affected}; a changed row may have been deleted.");
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The statements and parameters of one save.</summary>
    private sealed class RowStatements(SalesMateDbContext db) : IDisposable
    {
        private readonly StringBuilder _sql = new();
        private readonly ISqlGenerationHelper _names = db.GetService<ISqlGenerationHelper>();
        private readonly DbCommand _parameterFactory = db.Database.GetDbConnection().CreateCommand();

        public string Sql => _sql.ToString();

        public void Dispose() => _parameterFactory.Dispose();

        public List<DbParameter> Parameters { get; } = [];

        public int Statements { get; private set; }

        /// <summary>The rows the statements report writing: each INSERT's rows and one per UPDATE (but not a PostgreSQL checked one, a SELECT).</summary>
        public int Rows { get; private set; }

        public void Insert(RowShape shape, List<object> rows)
        {
            Begin().Append("INSERT INTO ").Append(_names.DelimitIdentifier(shape.Table.Name, shape.Table.Schema)).Append(" (");
            for (var column = 0; column < shape.Columns.Length; column++)
            {
                _sql.Append(column == 0 ? "" : ", ").Append(_names.DelimitIdentifier(shape.ColumnNames[column]));
            }
            _sql.Append(") VALUES ");
            for (var row = 0; row < rows.Count; row++)
            {
                _sql.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < shape.Columns.Length; column++)
                {
                    _sql.Append(column == 0 ? "" : ", ");
                    Value(shape.Columns[column], shape.Columns[column].GetGetter().GetClrValue(rows[row]));
                }
                _sql.Append(')');
            }
            Rows += rows.Count;
        }

        private int _updateStart;

        public void Update(RowShape shape, EntityEntry entry)
        {
            var set = 0;
            foreach (var property in entry.Properties)
            {
                if (!property.IsModified)
                {
                    continue;
                }
                if (set++ == 0)
                {
                    _updateStart = Begin().Length;
                    _sql.Append("UPDATE ").Append(_names.DelimitIdentifier(shape.Table.Name, shape.Table.Schema)).Append(" SET ");
                }
                else
                {
                    _sql.Append(", ");
                }
                Is(shape.ColumnNames[Array.IndexOf(shape.Columns, property.Metadata)], property.Metadata, property.CurrentValue);
            }
            if (set == 0)
            {
                return; // nothing changed after all: SaveChanges sends nothing either
            }
            _sql.Append(" WHERE ");
            var first = true;
            IEnumerable<IProperty> known = shape.Tenant is { } tenant && !shape.Key.Contains(tenant) ? [.. shape.Key, tenant] : shape.Key;
            foreach (var column in shape.ConcurrencyToken is { } token ? known.Append(token) : known)
            {
                _sql.Append(first ? "" : " AND ");
                first = false;
                // The original key and tenant: what the row is known by (a key cannot change; the tenant guard refused a change
                // of tenant). The original token: the version this unit of work read.
                Is(shape.ColumnNames[Array.IndexOf(shape.Columns, column)], column, entry.OriginalValues[column]);
            }
            if (shape.ConcurrencyToken is not null && db.IsPostgres)
            {
                // A checked UPDATE that matches no row fails the command, so the implicit transaction writes none of it.
                _sql.Insert(_updateStart, "WITH changed AS (")
                    .Append(" RETURNING 1) SELECT salesmate_require_rows((SELECT count(*) FROM changed), 1, '").Append(shape.Table.Name).Append("')");
                return;
            }
            Rows++;
        }

        private StringBuilder Begin()
        {
            Statements++;
            return Statements == 1 ? _sql : _sql.Append("; ");
        }

        private void Is(string column, IProperty property, object? value)
        {
            _sql.Append(_names.DelimitIdentifier(column)).Append(" = ");
            Value(property, value);
        }

        private void Value(IProperty property, object? value)
        {
            var name = _names.GenerateParameterName("p" + Parameters.Count);
            Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(_parameterFactory, name, value));
            _sql.Append(name);
        }
    }
}
