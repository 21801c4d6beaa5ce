using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>Migration 0025 moves each existing lead's signal history into lead_signals rows and counts it on the lead.</summary>
public abstract class LeadSignalMigrationTests(DatabaseKind kind)
{
    private static readonly Guid TenantId = Guid.NewGuid();
    private static readonly Guid LeadId = Guid.NewGuid();
    private static readonly Guid ConversationId = Guid.NewGuid();
    private static readonly Guid[] MessageIds = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    // Microsecond fractions: PostgreSQL's timestamptz keeps no more.
    private static readonly LeadSignal[] History =
    [
        new("message", MessageIds[0], ConversationId, new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560)),
        new("product_viewed", MessageIds[0], ConversationId, new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560), "Zen Laptop 14"),
        new("message", MessageIds[1], ConversationId, new DateTime(2026, 11, 20, 10, 5, 0, DateTimeKind.Utc)),
        new("demo_requested", MessageIds[2], null, new DateTime(2026, 11, 20, 10, 9, 30, DateTimeKind.Utc), "\"book a demo\""),
    ];

    [Fact]
    public async Task Existing_signal_histories_become_rows_in_order_with_per_signal_counts()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var postgres = kind == DatabaseKind.Postgres;
        await using var connection = postgres
            ? (DbConnection)new NpgsqlConnection(database.SuperuserConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var scripts = MigrationRunner.LoadScripts(postgres ? "postgres" : "sqlite");
        foreach (var (_, sql) in scripts.Where(s => string.CompareOrdinal(s.Version, "0025") < 0))
        {
            await ExecuteAsync(connection, sql);
        }
        await InsertLeadAsync(connection, postgres);
        foreach (var (_, sql) in scripts.Where(s => string.CompareOrdinal(s.Version, "0025") >= 0))
        {
            await ExecuteAsync(connection, sql);
        }

        var tenant = new TenantContext();
        tenant.Set(TenantId);
        var options = new DbContextOptionsBuilder<SalesMateDbContext>();
        if (postgres)
        {
            options.UseNpgsql(database.SuperuserConnectionString);
        }
        else
        {
            options.UseSqlite(database.ConnectionString);
        }
        await using var db = new SalesMateDbContext(options.Options).LeaseFor(tenant);
        var lead = await db.Leads.AsNoTracking().SingleAsync();
        lead.SignalCounts.Should().Equal(new SignalCount("message", 2), new SignalCount("product_viewed", 1), new SignalCount("demo_requested", 1));
        var rows = await db.LeadSignals.AsNoTracking().Where(s => s.LeadId == LeadId).OrderBy(s => s.Position).ToListAsync();
        rows.Select(r => r.Position).Should().Equal(0, 1, 2, 3);
        rows.Should().OnlyContain(r => r.TenantId == TenantId);
        rows.Select(r => r.ToSignal()).Should().Equal(History);
    }

    private static async Task InsertLeadAsync(DbConnection connection, bool postgres)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO tenants (id, name, slug, created_at) VALUES (@tenant, 'Old Shop', 'old-shop', @at);
            INSERT INTO leads (id, tenant_id, engagement_score, intent_score, temperature, signals, products, objections, last_activity_at, created_at, updated_at)
            VALUES (@id, @tenant, 1.2, 3, 'warm', @signals, '[]', '[]', @at, @at, @at)
            """;
        var signals = System.Text.Json.JsonSerializer.Serialize(History, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        });
        if (postgres)
        {
            command.CommandText = command.CommandText.Replace("@signals", "@signals::jsonb").Replace("'[]'", "'[]'::jsonb");
        }
        Add(command, "id", postgres ? LeadId : LeadId.ToString().ToUpperInvariant());
        Add(command, "tenant", postgres ? TenantId : TenantId.ToString().ToUpperInvariant());
        Add(command, "signals", signals);
        Add(command, "at", postgres ? History[^1].At : History[^1].At.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"));
        await command.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

[Collection("sqlite")]
public sealed class SqliteLeadSignalMigrationTests() : LeadSignalMigrationTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresLeadSignalMigrationTests() : LeadSignalMigrationTests(DatabaseKind.Postgres);
