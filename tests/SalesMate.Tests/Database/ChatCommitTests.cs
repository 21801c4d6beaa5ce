using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Streaming;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>
/// A chat turn's writes on PostgreSQL (ADR 0013b): they commit without waiting for the WAL flush unless
/// database.durable_chat_commits is set, only they do, and a stream's events and final status go in one command that
/// stores both or neither, for the stream's own tenant only.
/// </summary>
[Collection("postgres")]
public sealed class ChatCommitTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    [Theory]
    [InlineData(false, false, "off")]
    [InlineData(true, false, "on")] // database.durable_chat_commits
    [InlineData(false, true, "on")] // No Reset On Close: the pool would not undo it, so it is never sent
    public async Task A_chat_phase_commits_without_waiting_for_the_disk_and_its_pooled_connection_forgets_that(bool durable, bool noResetOnClose,
        string inChatPhase)
    {
        await using var provider = Provider(durable, noResetOnClose);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());

        (await SynchronousCommitAsync(db)).Should().Be("on", "an ordinary query is no chat write");
        await using (await HeldConnection.OpenAsync(db, CancellationToken.None))
        {
            (await SynchronousCommitAsync(db)).Should().Be(inChatPhase);
            (await db.Products.CountAsync()).Should().BeGreaterThan(0, "the tenant's settings still travel with the phase's queries");
        }
        (await SynchronousCommitAsync(db)).Should().Be(noResetOnClose ? inChatPhase : "on",
            "the pool's only connection was reset when the phase gave it back");
    }

    [Fact]
    public async Task A_streams_last_events_and_final_status_are_stored_together_or_not_at_all()
    {
        var (tenantId, streamId) = await StreamAsync();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        Finish(db, tenantId, streamId);

        var taken = () => StreamEventRows.SaveAsync(db, [Event(tenantId, streamId, 2), Event(tenantId, streamId, 1)], CancellationToken.None);
        await taken.Should().ThrowAsync<PostgresException>().Where(e => e.SqlState == PostgresErrorCodes.UniqueViolation);
        (await StoredAsync(tenantId, streamId)).Should().Be((ChatStreamStatus.Running, 1), "neither the new event nor the status was stored");

        db.ChangeTracker.Clear();
        Finish(db, tenantId, streamId);
        await StreamEventRows.SaveAsync(db, [Event(tenantId, streamId, 2), Event(tenantId, streamId, 3)], CancellationToken.None);
        (await StoredAsync(tenantId, streamId)).Should().Be((ChatStreamStatus.Completed, 3));
    }

    [Fact]
    public async Task Stream_events_written_for_another_tenant_are_refused_and_its_stream_is_untouched()
    {
        var (tenantId, streamId) = await StreamAsync();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var other = await db.Tenants.Where(t => t.Id != tenantId).Select(t => t.Id).FirstOrDefaultAsync();
        if (other == Guid.Empty)
        {
            other = Guid.CreateVersion7();
            db.Tenants.Add(new Tenant { Id = other, Name = "Commit B", Slug = $"commit-b-{other:N}"[..20], CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(other);

        var foreign = () => StreamEventRows.SaveAsync(db, [Event(tenantId, streamId, 2)], CancellationToken.None);
        await foreign.Should().ThrowAsync<PostgresException>().Where(e => e.SqlState == PostgresErrorCodes.InsufficientPrivilege,
            "row-level security checks each row's tenant against the context's");
        db.ChangeTracker.Clear();
        Finish(db, tenantId, streamId);
        await StreamEventRows.SaveAsync(db, [], CancellationToken.None);
        (await StoredAsync(tenantId, streamId)).Should().Be((ChatStreamStatus.Running, 1), "the other tenant's UPDATE matched no row");
    }

    private ServiceProvider Provider(bool durable, bool noResetOnClose)
    {
        var settings = fixture.Factory.Database.Settings();
        // One physical connection, so each open gets the very session the last one used.
        settings["database:connection_string"] = new NpgsqlConnectionStringBuilder(settings["database:connection_string"])
        {
            MaxPoolSize = 1, NoResetOnClose = noResetOnClose, ApplicationName = $"chat-commit-{durable}-{noResetOnClose}",
        }.ConnectionString;
        settings["database:durable_chat_commits"] = durable ? "true" : "false";
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings!).Build())
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSalesMateCore()
            .BuildServiceProvider();
    }

    private static Task<string> SynchronousCommitAsync(SalesMateDbContext db) =>
        db.Database.SqlQuery<string>($"SELECT current_setting('synchronous_commit') AS \"Value\"").SingleAsync();

    /// <summary>A running stream of a new demo conversation, with its first event stored.</summary>
    private async Task<(Guid Tenant, Guid Stream)> StreamAsync()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenantId = await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == chat.ConversationId);
        var stream = new ChatStream
        {
            Id = Guid.CreateVersion7(), ConversationId = conversation.Id, SessionId = conversation.SessionId,
            Status = ChatStreamStatus.Running, CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddHours(1),
        };
        db.ChatStreams.Add(stream);
        db.StreamEvents.Add(Event(tenantId, stream.Id, 1));
        await db.SaveChangesAsync();
        return (tenantId, stream.Id);
    }

    private static void Finish(SalesMateDbContext db, Guid tenantId, Guid streamId)
    {
        var stream = db.ChatStreams.Attach(new ChatStream { Id = streamId, TenantId = tenantId });
        stream.Entity.Status = ChatStreamStatus.Completed;
        stream.Entity.CompletedAt = DateTime.UtcNow;
    }

    private static StreamEvent Event(Guid tenantId, Guid streamId, int sequence) => new()
    {
        StreamId = streamId, TenantId = tenantId, Sequence = sequence, Event = "token", Data = $"{{\"text\":\"{sequence}\"}}", CreatedAt = DateTime.UtcNow,
    };

    private async Task<(string Status, long Events)> StoredAsync(Guid tenantId, Guid streamId)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var status = await db.ChatStreams.Where(s => s.Id == streamId).Select(s => s.Status).SingleAsync();
        return (status, await db.StreamEvents.LongCountAsync(e => e.StreamId == streamId));
    }
}
