using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Isolation;

/// <summary>
/// PostgreSQL row-level security (migration 0008) as the running app meets it: the app connects as a non-owner role
/// (production mode, as every PostgreSQL test does), so even SQL that forgets the tenant sees only its tenant's rows.
/// </summary>
[Collection("postgres")]
public sealed class RowLevelSecurityTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    private TestDatabase Database => fixture.Factory.Database;

    /// <summary>Tables with tenant rows that EF does not map, kept by triggers (issue 5's full-text index, migration 0011).</summary>
    private static readonly string[] TenantTablesOutsideTheModel = ["document_chunk_search"];

    [Fact]
    public async Task Every_tenant_owned_table_has_forced_row_level_security_with_both_policies_and_no_other_table_has()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenantOwned = db.Model.GetEntityTypes()
            .Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType))
            .Select(e => e.GetTableName()!)
            .Concat(TenantTablesOutsideTheModel)
            .ToHashSet();

        var secured = new Dictionary<string, (bool Forced, HashSet<string> Policies)>();
        await using (var connection = new NpgsqlConnection(Database.SuperuserConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT c.relname::text, c.relforcerowsecurity,
                       coalesce(array_agg(p.polname::text) FILTER (WHERE p.polname IS NOT NULL), '{}')
                FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid
                WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relrowsecurity
                GROUP BY c.relname, c.relforcerowsecurity
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                secured[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetFieldValue<string[]>(2).ToHashSet());
            }
        }

        secured.Keys.Should().BeEquivalentTo(tenantOwned,
            "every ITenantOwned entity's table needs row-level security (a new one: SELECT salesmate_isolate_tenant('table') in its migration)");
        foreach (var (table, (forced, policies)) in secured)
        {
            forced.Should().BeTrue($"{table} must FORCE row-level security so that it binds the owner too");
            policies.Should().BeEquivalentTo(["tenant_isolation", "cross_tenant_jobs"], $"{table} policies");
        }
    }

    [Fact]
    public async Task The_app_connects_as_a_role_that_row_level_security_binds()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var role = await db.Database.SqlQuery<string>($"SELECT current_user::text AS \"Value\"").SingleAsync();
        var escapes = await db.Database.SqlQuery<bool>(
            $"SELECT rolsuper OR rolbypassrls AS \"Value\" FROM pg_roles WHERE rolname = current_user").SingleAsync();

        role.Should().Be(TestDatabase.AppRole);
        escapes.Should().BeFalse();
    }

    [Fact]
    public async Task Raw_sql_and_ignored_query_filters_see_only_the_current_tenants_rows()
    {
        var (tenantA, tenantB) = await TwoTenantsAsync();
        var totalA = await CountAsSuperuserAsync(tenantA);
        totalA.Should().BeGreaterThan(0, "the demo tenant has its seeded catalog");

        foreach (var (tenant, expected) in new[] { (tenantA, totalA), (tenantB, 2) })
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();

            (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM products").SingleAsync()).Should().Be(expected);
            (await db.Products.IgnoreQueryFilters().CountAsync()).Should().Be(expected);
            (await db.Products.IgnoreQueryFilters().Where(p => p.TenantId != tenant).CountAsync()).Should().Be(0);
        }
    }

    [Fact]
    public async Task Writing_a_row_for_another_tenant_is_rejected_by_the_policy()
    {
        var (tenantA, tenantB) = await TwoTenantsAsync();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantA);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var now = DateTime.UtcNow;

        var insert = () => db.Database.ExecuteSqlAsync($"""
            INSERT INTO products (id, tenant_id, sku, name, brand, category, price, currency, stock, description, search_text, created_at, updated_at)
            VALUES ({Guid.CreateVersion7()}, {tenantB}, 'RLS-SMUGGLED', 'Smuggled', 'X', 'phones', 1, 'USD', 1, '', '', {now}, {now})
            """);
        var move = () => db.Database.ExecuteSqlAsync($"UPDATE products SET tenant_id = {tenantB} WHERE tenant_id = {tenantA}");

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        (await move.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("row-level security");
        (await db.Database.ExecuteSqlAsync($"DELETE FROM products WHERE tenant_id = {tenantB}")).Should().Be(0, "B's rows are invisible to A");
        (await CountAsSuperuserAsync(tenantB)).Should().Be(2);
    }

    [Fact]
    public async Task Without_a_tenant_nothing_is_visible_or_writable_even_to_the_tables_owner()
    {
        await TwoTenantsAsync();
        foreach (var connectionString in new[] { Database.ConnectionString, Database.MigrationConnectionString! })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM products", connection);
            ((long)(await count.ExecuteScalarAsync())!).Should().Be(0, $"{connection.UserName} has no tenant set");
            await using var delete = new NpgsqlCommand("DELETE FROM products", connection);
            (await delete.ExecuteNonQueryAsync()).Should().Be(0);
        }

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM products").SingleAsync())
            .Should().Be(0, "a scope with no tenant fails closed");
    }

    [Fact]
    public async Task A_cross_tenant_job_sees_every_tenant_and_only_while_it_runs()
    {
        var (tenantA, tenantB) = await TwoTenantsAsync();
        var total = await CountAsSuperuserAsync(tenantA) + await CountAsSuperuserAsync(tenantB);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();

        using (tenant.AcrossTenants(CrossTenantJob.StreamJanitor))
        {
            (await db.Products.IgnoreQueryFilters().CountAsync()).Should().Be(total);
        }
        (await db.Products.IgnoreQueryFilters().CountAsync()).Should().Be(0, "the scope has no tenant once the job is over");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the app's default (ADR 0012a): Npgsql then resets with RESET ALL and keeps its prepared statements
    public async Task A_pooled_connection_forgets_its_tenant_when_it_goes_back_to_the_pool(bool autoPrepare)
    {
        var (_, tenantB) = await TwoTenantsAsync();
        // One physical connection, so the second open gets the very session the first one configured.
        var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = 1 };
        if (autoPrepare)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 1;
        }
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        var firstBackend = 0;
        await using (var first = await source.OpenConnectionAsync())
        {
            for (var run = 0; run < (autoPrepare ? 2 : 1); run++) // the second run executes the prepared statements
            {
                await using var command = new NpgsqlCommand(
                    $"SET salesmate.tenant_id = '{tenantB:D}'; SELECT pg_backend_pid()", first);
                firstBackend = (int)(await command.ExecuteScalarAsync())!;
            }
        }
        await using var second = await source.OpenConnectionAsync();
        await using var check = new NpgsqlCommand(
            "SELECT pg_backend_pid(), coalesce(current_setting('salesmate.tenant_id', true), ''), (SELECT count(*) FROM products)", second);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();

        reader.GetInt32(0).Should().Be(firstBackend);
        reader.GetString(1).Should().BeEmpty();
        reader.GetInt64(2).Should().Be(0);
    }

    [Fact]
    public async Task Migrations_need_the_owner_and_say_which_setting_provides_it()
    {
        await using var fresh = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var settings = fresh.Settings();
        settings.Remove("database:migration_connection_string");
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings!).Build())
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSalesMateCore();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        var migrate = () => scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync();

        (await migrate.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("database.migration_connection_string");
    }

    [Fact]
    public void The_role_check_names_every_way_a_role_escapes_row_level_security()
    {
        DatabaseRoleCheck.Problems(new("salesmate_app", false, false, []), "salesmate_app").Should().BeEmpty();
        DatabaseRoleCheck.Problems(new("postgres", true, true, ["products"]), "salesmate_app").Should().SatisfyRespectively(
            wrongRole => wrongRole.Should().Contain("logs in as 'postgres', not as 'salesmate_app'"),
            superuser => superuser.Should().Contain("superuser"),
            owner => owner.Should().Contain("owns 1 tables (e.g. products)"));
        DatabaseRoleCheck.Problems(new("salesmate_app", false, true, []), null).Should().ContainSingle().Which.Should().Contain("BYPASSRLS");
    }

    /// <summary>The seeded demo tenant (A) and a second tenant (B) with two products, written through the app as B.</summary>
    private async Task<(Guid A, Guid B)> TwoTenantsAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenantA = await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
        var tenantB = await db.Tenants.Where(t => t.Slug == "rls-b").Select(t => (Guid?)t.Id).SingleOrDefaultAsync();
        if (tenantB is { } existing)
        {
            return (tenantA, existing);
        }
        var now = DateTime.UtcNow;
        var b = new Tenant { Id = Guid.CreateVersion7(), Name = "Tenant B", Slug = "rls-b", CreatedAt = now };
        db.Tenants.Add(b);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(b.Id);
        db.Products.AddRange(Product("B-1", now), Product("B-2", now));
        await db.SaveChangesAsync();
        return (tenantA, b.Id);
    }

    private static Product Product(string sku, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), Sku = sku, Name = $"Product {sku}", Brand = "B", Category = "phones", Price = 10, Currency = "USD",
        Stock = 1, CreatedAt = now, UpdatedAt = now,
    };

    private async Task<int> CountAsSuperuserAsync(Guid tenant)
    {
        await using var connection = new NpgsqlConnection(Database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM products WHERE tenant_id = @t", connection);
        command.Parameters.AddWithValue("t", tenant);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
