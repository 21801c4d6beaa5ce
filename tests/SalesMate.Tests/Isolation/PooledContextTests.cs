using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Isolation;

/// <summary>
/// The app's <see cref="SalesMateDbContext"/>s come from EF's context pool (ADR 0013a): a context that served one
/// tenant's scope is handed to the next scope, which may be another tenant's or none. It must see only its own scope's tenant.
/// </summary>
public abstract class PooledContextTests(AppFixture fixture)
{
    [Fact]
    public async Task Reused_contexts_see_and_write_only_the_tenant_of_the_scope_that_leased_them()
    {
        var (tenantA, tenantB) = await TwoTenantsAsync();
        var seen = new HashSet<SalesMateDbContext>(ReferenceEqualityComparer.Instance);
        var leases = 0;
        for (var round = 0; round < 6; round++)
        {
            foreach (var tenant in new[] { tenantA, tenantB })
            {
                await using var scope = fixture.Factory.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
                seen.Add(db);
                leases++;

                var tenants = await db.Products.IgnoreQueryFilters().Where(p => p.Sku.StartsWith("POOL-"))
                    .Select(p => p.TenantId).Distinct().ToListAsync();
                var filtered = await db.Products.Where(p => p.Sku.StartsWith("POOL-")).Select(p => p.TenantId).Distinct().ToListAsync();
                filtered.Should().Equal([tenant], "the query filter uses the leasing scope's tenant");
                if (db.Database.IsNpgsql())
                {
                    tenants.Should().Equal([tenant], "row-level security is told the leasing scope's tenant");
                }

                var written = Product($"POOL-{round}-{tenant:N}", DateTime.UtcNow);
                db.Products.Add(written);
                await db.SaveChangesAsync();
                written.TenantId.Should().Be(tenant, "a new row is stamped with the leasing scope's tenant");
            }
        }

        seen.Count.Should().BeLessThan(leases, "contexts are reused from the pool, which is what this test is about");
        (await CountAsync(tenantA)).Should().Be(7);
        (await CountAsync(tenantB)).Should().Be(7);
    }

    [Fact]
    public async Task A_scope_without_a_tenant_gets_no_rows_from_a_context_another_tenant_used_before()
    {
        var (tenantA, _) = await TwoTenantsAsync();
        for (var round = 0; round < 4; round++)
        {
            await using (var tenantScope = fixture.Factory.Services.CreateAsyncScope())
            {
                tenantScope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantA);
                (await tenantScope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Products.CountAsync()).Should().BeGreaterThan(0);
            }
            await using var bare = fixture.Factory.Services.CreateAsyncScope();
            var db = bare.ServiceProvider.GetRequiredService<SalesMateDbContext>();

            await db.Invoking(d => d.Products.CountAsync()).Should().ThrowAsync<InvalidOperationException>("no tenant was resolved for this scope");
            if (db.Database.IsNpgsql())
            {
                (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM products").SingleAsync())
                    .Should().Be(0, "row-level security is told there is no tenant");
            }
        }
    }

    [Fact]
    public async Task A_context_taken_from_the_pool_outside_a_scope_has_no_tenant()
    {
        var (tenantA, _) = await TwoTenantsAsync();
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantA);
            (await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Products.CountAsync()).Should().BeGreaterThan(0);
        }
        var factory = fixture.Factory.Services.GetRequiredService<IDbContextFactory<SalesMateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();

        await db.Invoking(d => d.Products.CountAsync()).Should().ThrowAsync<InvalidOperationException>();
        db.Products.Add(Product("POOL-ORPHAN", DateTime.UtcNow));
        await db.Invoking(d => d.SaveChangesAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();
    }

    /// <summary>The seeded demo tenant (A) and a second tenant (B) with one product each named POOL-*.</summary>
    private async Task<(Guid A, Guid B)> TwoTenantsAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenantA = await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
        if (await db.Tenants.Where(t => t.Slug == "pool-b").Select(t => (Guid?)t.Id).SingleOrDefaultAsync() is { } existing)
        {
            return (tenantA, existing);
        }
        var now = DateTime.UtcNow;
        var b = new Tenant { Id = Guid.CreateVersion7(), Name = "Pool B", Slug = "pool-b", CreatedAt = now };
        db.Tenants.Add(b);
        await db.SaveChangesAsync();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.Set(tenantA);
        db.Products.Add(Product("POOL-A", now));
        await db.SaveChangesAsync();
        tenant.Set(b.Id);
        db.Products.Add(Product("POOL-B", now));
        await db.SaveChangesAsync();
        return (tenantA, b.Id);
    }

    private async Task<int> CountAsync(Guid tenant)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        return await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Products.CountAsync(p => p.Sku.StartsWith("POOL-"));
    }

    private static Product Product(string sku, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), Sku = sku, Name = $"Product {sku}", Brand = "B", Category = "phones", Price = 10, Currency = "USD",
        Stock = 1, CreatedAt = now, UpdatedAt = now,
    };
}

[Collection("sqlite")]
public sealed class SqlitePooledContextTests(SqliteAppFixture fixture) : PooledContextTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresPooledContextTests(PostgresAppFixture fixture) : PooledContextTests(fixture), IClassFixture<PostgresAppFixture>;
