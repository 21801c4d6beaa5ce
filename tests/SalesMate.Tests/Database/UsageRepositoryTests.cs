using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>Usage totals group the same way on both providers (dates, GUIDs and decimal sums differ between them).</summary>
public abstract class UsageRepositoryTests(AppFixture fixture)
{
    [Fact]
    public async Task Totals_group_by_model_day_conversation_and_purpose_with_exact_costs()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
        var conversation = Guid.CreateVersion7();
        var day = new DateTime(2031, 3, 14, 9, 30, 0, DateTimeKind.Utc);
        db.LlmRequests.AddRange(
            Row("usage-model-a", "chat", conversation, day, 1000, 100, 0.0123456789m),
            Row("usage-model-a", "classify", conversation, day.AddHours(2), 500, 10, 0.0000000001m),
            Row("usage-model-b", "chat", null, day.AddDays(1), 10, 1, 1.25m));
        await db.SaveChangesAsync();
        var usage = scope.ServiceProvider.GetRequiredService<UsageRepository>();
        var from = day.Date;
        var to = day.Date.AddDays(2);

        var byModel = await usage.TotalsAsync(from, to, "model", CancellationToken.None);
        byModel.Select(t => (t.Key, t.Requests, t.PromptTokens, t.Cost)).Should().Equal(
            ("usage-model-a", 2, 1500L, 0.012345679m), ("usage-model-b", 1, 10L, 1.25m));
        (await usage.TotalsAsync(from, to, "day", CancellationToken.None)).Select(t => (t.Key, t.Requests))
            .Should().Equal(("2031-03-14", 2), ("2031-03-15", 1));
        (await usage.TotalsAsync(from, to, "conversation", CancellationToken.None)).Select(t => t.Key)
            .Should().BeEquivalentTo([conversation.ToString(), "none"]);
        (await usage.TotalsAsync(from, to, "purpose", CancellationToken.None)).Select(t => (t.Key, t.Requests))
            .Should().Equal(("chat", 2), ("classify", 1));
    }

    private static LlmRequest Row(string model, string purpose, Guid? conversation, DateTime at, int prompt, int completion, decimal cost) => new()
    {
        Id = Guid.CreateVersion7(),
        ConversationId = conversation,
        Purpose = purpose,
        Provider = "test",
        Model = model,
        PromptTokens = prompt,
        CompletionTokens = completion,
        TotalTokens = prompt + completion,
        ComputedCost = cost,
        LatencyMs = 10,
        CreatedAt = at,
    };
}

[Collection("sqlite")]
public sealed class SqliteUsageRepositoryTests(SqliteAppFixture fixture) : UsageRepositoryTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresUsageRepositoryTests(PostgresAppFixture fixture) : UsageRepositoryTests(fixture), IClassFixture<PostgresAppFixture>;
