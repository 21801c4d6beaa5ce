using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>The hand-written SQL migrations and the EF model must describe the same tables and columns.</summary>
public abstract class MigrationSchemaTests(AppFixture fixture)
{
    [Fact]
    public async Task Every_mapped_column_exists_and_every_table_column_is_mapped()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var mapped = entity.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
            var actual = await ColumnsAsync(connection, table, db.Database.IsNpgsql());
            actual.Should().BeEquivalentTo(mapped, $"table {table} must match the EF model");
        }
    }

    [Fact]
    public async Task Migrating_again_applies_nothing()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<MigrationRunner>();
        (await runner.MigrateAsync()).Should().BeEmpty();
        (await runner.PendingAsync()).Should().BeEmpty();
    }

    private static async Task<HashSet<string>> ColumnsAsync(DbConnection connection, string table, bool postgres)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}'"
            : $"SELECT name FROM pragma_table_info('{table}')";
        var columns = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }
}

[Collection("sqlite")]
public sealed class SqliteMigrationSchemaTests(SqliteAppFixture fixture) : MigrationSchemaTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresMigrationSchemaTests(PostgresAppFixture fixture) : MigrationSchemaTests(fixture), IClassFixture<PostgresAppFixture>;
