using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Streaming;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>
/// Fewer and cheaper PostgreSQL round trips without weaker isolation (ADR 0012a): statements prepared automatically, and a
/// save on a held connection that skips its own row-level-security SET only when the connection provably carries it.
/// </summary>
[Collection("postgres")]
public sealed class PostgresRoundTripTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    [Fact]
    public async Task Queries_are_prepared_on_the_server_by_default_even_behind_the_tenant_settings()
    {
        await using var scope = await TenantScopeAsync("demo");
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare.Should().Be(64);

        await using (await HeldConnection.OpenAsync(db, CancellationToken.None))
        {
            for (var i = 0; i < 3; i++)
            {
                (await db.Products.CountAsync(p => p.Sku == "NO-SUCH-SKU")).Should().Be(0);
            }
            var prepared = await db.Database.SqlQuery<string>($"SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
            prepared.Should().Contain(s => s.Contains("FROM products", StringComparison.Ordinal) && !s.Contains("SET ", StringComparison.Ordinal),
                "Npgsql prepares the query itself, apart from the SETs in front of it");
        }
    }

    [Fact]
    public void Auto_prepare_settings_in_the_connection_string_win_and_bad_values_name_the_setting()
    {
        var own = new NpgsqlConnectionStringBuilder(NpgsqlAutoPrepare.Apply("Host=db;Max Auto Prepare=0", 64, 2));
        own.MaxAutoPrepare.Should().Be(0, "the operator turned it off (e.g. behind PgBouncer)");
        own.AutoPrepareMinUsages.Should().Be(2);
        new NpgsqlConnectionStringBuilder(NpgsqlAutoPrepare.Apply("Host=db", 64, 3)).MaxAutoPrepare.Should().Be(64);

        new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=db", MaxAutoPrepare = -1, AutoPreparePerConnectionMinUsages = 0 }
            .Validate().Should().SatisfyRespectively(
                max => max.Should().Contain("database.max_auto_prepare"),
                min => min.Should().Contain("database.auto_prepare_min_usages"));
    }

    [Fact]
    public async Task A_save_on_a_held_connection_acts_for_the_tenant_of_the_save_not_of_an_earlier_query()
    {
        var tenantB = await TenantBAsync();
        await using var scope = await TenantScopeAsync("demo");
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var sku = $"HELD-{Guid.NewGuid():N}";

        await using (await HeldConnection.OpenAsync(db, CancellationToken.None))
        {
            (await db.Products.CountAsync()).Should().BeGreaterThan(0, "the demo tenant's catalog; the connection now carries the demo tenant");
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantB);
            db.Products.Add(Product(sku));
            await db.SaveChangesAsync(); // one row: no transaction, so only the interceptor's comparison sends B's settings

            (await db.Products.CountAsync(p => p.Sku == sku)).Should().Be(1);
        }
        (await CountAsSuperuserAsync(tenantB, sku)).Should().Be(1, "stored as tenant B, which row-level security checked");
    }

    [Fact]
    public async Task The_answer_save_on_a_held_connection_stores_everything_or_nothing()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        await using var scope = await TenantScopeAsync("demo");
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();

        await using (await HeldConnection.OpenAsync(db, CancellationToken.None))
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == chat.ConversationId);
            var before = conversation.MessageCount;
            var usage = new UsageEvent { Id = Guid.CreateVersion7(), Action = "test.held", ConversationId = conversation.Id, CreatedAt = DateTime.UtcNow };
            var answer = new Message
            {
                // The greeting's position is taken: one statement of the batch fails.
                Id = Guid.CreateVersion7(), ConversationId = conversation.Id, Sequence = before, Role = MessageRole.Assistant, Content = "answer",
                CreatedAt = DateTime.UtcNow,
            };
            conversation.MessageCount = before + 1;
            db.UsageEvents.Add(usage);
            db.Messages.Add(answer);

            var save = () => OneBatchSave.SaveAsync(db, CancellationToken.None);
            await save.Should().ThrowAsync<DbUpdateException>();
            await using (var check = await TenantScopeAsync("demo"))
            {
                var checkDb = check.ServiceProvider.GetRequiredService<SalesMateDbContext>();
                (await checkDb.UsageEvents.AnyAsync(u => u.Id == usage.Id)).Should().BeFalse("the failed batch stored no usage event");
                (await checkDb.Conversations.Where(c => c.Id == conversation.Id).Select(c => c.MessageCount).SingleAsync())
                    .Should().Be(before, "nor the conversation's update");
            }

            answer.Sequence = before + 1; // the retry, as AnswerStore does it, on the same held connection
            await OneBatchSave.SaveAsync(db, CancellationToken.None);
        }
        await using var after = await TenantScopeAsync("demo");
        var afterDb = after.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        (await afterDb.Messages.CountAsync(m => m.ConversationId == chat.ConversationId && m.Content == "answer")).Should().Be(1);
    }

    private async Task<AsyncServiceScope> TenantScopeAsync(string slug)
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
        return scope;
    }

    private async Task<Guid> TenantBAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        if (await db.Tenants.Where(t => t.Slug == "round-trips-b").Select(t => (Guid?)t.Id).SingleOrDefaultAsync() is { } existing)
        {
            return existing;
        }
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = "Tenant B", Slug = "round-trips-b", CreatedAt = DateTime.UtcNow };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    private static Product Product(string sku) => new()
    {
        Id = Guid.CreateVersion7(), Sku = sku, Name = $"Product {sku}", Brand = "B", Category = "phones", Price = 10, Currency = "USD",
        Stock = 1, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    private async Task<int> CountAsSuperuserAsync(Guid tenant, string sku)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.Database.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM products WHERE tenant_id = @t AND sku = @s", connection);
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("s", sku);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
