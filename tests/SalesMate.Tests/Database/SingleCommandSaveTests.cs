using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>
/// A chat turn's answer is saved as one command (<see cref="SingleCommandSave"/>, ADR 0014b): the rows are exactly
/// those SaveChanges writes, the tenant is stamped and guarded as SaveChanges does, and a failure writes nothing.
/// </summary>
public abstract class SingleCommandSaveTests(AppFixture fixture)
{
    private static readonly DateTime At = new(2026, 11, 22, 16, 30, 12, 345, DateTimeKind.Utc);

    [Fact]
    public async Task A_turns_rows_are_stored_exactly_as_SaveChanges_stores_them()
    {
        var (tenantId, byEf, byCommand) = await TwoConversationsAsync();
        var efRows = Turn(byEf);
        var commandRows = Turn(byCommand);

        await using (var scope = Scope(tenantId, out var db))
        {
            Add(db, await db.Conversations.SingleAsync(c => c.Id == byEf), efRows);
            await db.SaveChangesAsync();
        }
        await using (var scope = Scope(tenantId, out var db))
        {
            Add(db, await db.Conversations.SingleAsync(c => c.Id == byCommand), commandRows);
            (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeTrue();
            db.ChangeTracker.Entries().Should().OnlyContain(e => e.State == EntityState.Unchanged, "the saved rows are accepted or let go");
            db.ChangeTracker.DetectChanges();
            db.ChangeTracker.HasChanges().Should().BeFalse("nothing saved is seen as changed again");
            (await db.SaveChangesAsync()).Should().Be(0);
        }

        foreach (var (table, efId, commandId) in efRows.Ids.Zip(commandRows.Ids, (ef, command) => (ef.Table, ef.Id, command.Id)))
        {
            var stored = Normalised(await RawRowAsync(table, commandId), commandRows);
            stored.Should().Equal(Normalised(await RawRowAsync(table, efId), efRows), $"the {table} row is the one SaveChanges writes");
        }
        var conversation = Normalised(await RawRowAsync("conversations", byCommand), commandRows);
        conversation.Should().Equal(Normalised(await RawRowAsync("conversations", byEf), efRows), "the conversation's update is the same");
    }

    [Fact]
    public async Task A_stored_message_edited_afterwards_is_saved_by_the_next_save()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        var rows = Turn(conversationId);
        await using var scope = Scope(tenantId, out var db);
        Add(db, await db.Conversations.SingleAsync(c => c.Id == conversationId), rows);
        (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeTrue();

        // As a voice answer gets the length of its audio once it has been spoken.
        rows.Answer.Metadata = rows.Answer.Metadata with { Channel = "voice", AudioDurationMs = 1234 };
        await db.SaveChangesAsync();

        await using var reading = Scope(tenantId, out var fresh);
        (await fresh.Messages.SingleAsync(m => m.Id == rows.Answer.Id)).Metadata.AudioDurationMs.Should().Be(1234);
    }

    [Fact]
    public async Task A_conversations_state_is_saved_when_replaced_and_not_written_when_left_alone()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        int turns;
        await using (var scope = Scope(tenantId, out var db))
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId);
            var before = conversation.State;
            turns = before.TurnCount + 7;
            db.ChangeTracker.DetectChanges();
            db.ChangeTracker.HasChanges().Should().BeFalse("a conversation read and left alone has nothing to save");

            conversation.State = before with { TurnCount = turns, Brands = [.. before.Brands, "Lenovo"] };
            (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeTrue();
            db.ChangeTracker.DetectChanges();
            db.ChangeTracker.HasChanges().Should().BeFalse("the saved state is the snapshot now");

            // Replaced again after that save, as a later step of the same turn would.
            conversation.State = conversation.State with { Stage = ConversationStages.Decision };
            await db.SaveChangesAsync();
        }

        await using var reading = Scope(tenantId, out var fresh);
        var stored = (await fresh.Conversations.SingleAsync(c => c.Id == conversationId)).State;
        stored.Brands.Should().Contain("Lenovo");
        stored.Stage.Should().Be(ConversationStages.Decision);
        stored.TurnCount.Should().Be(turns);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_the_command_writes_nothing_and_leaves_the_rows_pending_for_a_retry()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        var rows = Turn(conversationId);
        await using var scope = Scope(tenantId, out var db);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId);
        Add(db, conversation, rows);
        rows.Answer.Sequence = 1; // the greeting's position: the messages INSERT fails after the llm_requests INSERT ran

        var save = () => SingleCommandSave.TrySaveAsync(db, CancellationToken.None);
        await save.Should().ThrowAsync<DbUpdateException>();

        foreach (var (table, id) in rows.Ids)
        {
            (await RawRowAsync(table, id)).Should().BeNull($"no {table} row of the failed save was kept");
        }
        Convert.ToInt32((await RawRowAsync("conversations", conversationId))!["message_count"]).Should().Be(1, "the conversation was not updated");
        db.Entry(rows.Answer).State.Should().Be(EntityState.Added);
        db.Entry(conversation).State.Should().Be(EntityState.Modified);

        rows.Answer.Sequence = 3;
        (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeTrue("the retry with a free position stores the whole turn");
        foreach (var (table, id) in rows.Ids)
        {
            (await RawRowAsync(table, id)).Should().NotBeNull($"the {table} row is stored by the retry");
        }
    }

    [Fact]
    public async Task A_lead_written_over_a_version_another_turn_replaced_fails_the_whole_command_and_writes_nothing()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        var rows = Turn(conversationId);
        await using (var first = Scope(tenantId, out var db))
        {
            Add(db, await db.Conversations.SingleAsync(c => c.Id == conversationId), rows);
            (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeTrue();
        }
        await using var slow = Scope(tenantId, out var slowDb);
        var slowLead = await slowDb.Leads.SingleAsync(l => l.Id == rows.Lead.Id);
        await using (var fast = Scope(tenantId, out var fastDb))
        {
            var fastLead = await fastDb.Leads.SingleAsync(l => l.Id == rows.Lead.Id);
            (fastLead.Temperature, fastLead.Version) = (LeadTemperatures.Hot, fastLead.Version + 1);
            (await SingleCommandSave.TrySaveAsync(fastDb, CancellationToken.None)).Should().BeTrue();
        }

        (slowLead.Sentiment, slowLead.Version) = ("excited", slowLead.Version + 1);
        var usage = Usage(conversationId, Guid.CreateVersion7());
        slowDb.UsageEvents.Add(usage);
        var save = () => SingleCommandSave.TrySaveAsync(slowDb, CancellationToken.None);
        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        (await RawRowAsync("usage_events", usage.Id)).Should().BeNull("nothing of a save over a replaced lead is kept");
        var stored = (await RawRowAsync("leads", rows.Lead.Id))!;
        stored["temperature"].Should().Be(LeadTemperatures.Hot, "the other turn's lead stays");
        stored["sentiment"].Should().Be("positive", "the slow turn's change is not");

        await slowDb.Entry(slowLead).ReloadAsync();
        (slowLead.Sentiment, slowLead.Version) = ("excited", slowLead.Version + 1);
        (await SingleCommandSave.TrySaveAsync(slowDb, CancellationToken.None)).Should().BeTrue("written over the stored version, the save goes through");
        stored = (await RawRowAsync("leads", rows.Lead.Id))!;
        (stored["temperature"], stored["sentiment"], Convert.ToInt32(stored["version"])).Should().Be((LeadTemperatures.Hot, "excited", 2));
        (await RawRowAsync("usage_events", usage.Id)).Should().NotBeNull();
    }

    [Fact]
    public async Task Rows_get_the_contexts_tenant_and_a_row_of_another_tenant_stops_the_whole_save()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        await using var scope = Scope(tenantId, out var db);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId);
        var rows = Turn(conversationId);
        Add(db, conversation, rows);
        var foreign = Usage(conversationId, Guid.CreateVersion7());
        foreign.TenantId = Guid.CreateVersion7();
        db.UsageEvents.Add(foreign);

        var save = () => SingleCommandSave.TrySaveAsync(db, CancellationToken.None);
        await save.Should().ThrowAsync<InvalidOperationException>().WithMessage("*another tenant*");
        foreach (var (table, id) in rows.Ids)
        {
            (await RawRowAsync(table, id)).Should().BeNull($"no {table} row is written next to another tenant's");
        }

        db.Entry(foreign).State = EntityState.Detached;
        (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeTrue();
        (await RawRowAsync("llm_requests", rows.Llm.Id))!["tenant_id"]!.ToString().Should().BeEquivalentTo(tenantId.ToString(),
            "a row added without a tenant gets the context's");
        (await RawRowAsync("usage_events", foreign.Id)).Should().BeNull();
    }

    [Fact]
    public async Task An_update_names_the_tenant_so_another_tenants_row_is_never_changed()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        await using var scope = Scope(Guid.CreateVersion7(), out var db);
        // Attached as the other tenant's (the query filter would not even find it): the guard refuses the write.
        var conversation = db.Conversations.Attach(new Conversation { Id = conversationId, TenantId = tenantId, SessionId = Guid.Empty }).Entity;
        conversation.Title = "taken over";

        var save = () => SingleCommandSave.TrySaveAsync(db, CancellationToken.None);
        await save.Should().ThrowAsync<InvalidOperationException>().WithMessage("*another tenant*");
        (await RawRowAsync("conversations", conversationId))!["title"].Should().NotBe("taken over");
    }

    [Fact]
    public async Task A_delete_is_left_to_SaveChanges_and_nothing_is_written_before_it()
    {
        var (tenantId, conversationId, _) = await TwoConversationsAsync();
        await using var scope = Scope(tenantId, out var db);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId);
        var rows = Turn(conversationId);
        Add(db, conversation, rows);
        db.Messages.Remove(await db.Messages.SingleAsync(m => m.ConversationId == conversationId && m.Sequence == 1));

        (await SingleCommandSave.TrySaveAsync(db, CancellationToken.None)).Should().BeFalse();
        (await RawRowAsync("llm_requests", rows.Llm.Id)).Should().BeNull();
        await db.SaveChangesAsync();
        (await RawRowAsync("llm_requests", rows.Llm.Id)).Should().NotBeNull("SaveChanges saves the unit of work it was left");
    }

    /// <summary>One turn's rows, each kind the answer's save writes.</summary>
    private sealed record TurnRows(Message Question, Message Answer, LlmRequest Llm, LlmRequest Tools, UsageEvent Usage, Lead Lead,
        LeadSignalOccurrence Signal, LeadEvent Event, ProfileFact Fact)
    {
        public Guid ConversationId => Question.ConversationId;

        public IEnumerable<(string Table, Guid Id)> Ids =>
        [
            ("messages", Question.Id), ("messages", Answer.Id), ("llm_requests", Llm.Id), ("llm_requests", Tools.Id),
            ("usage_events", Usage.Id), ("leads", Lead.Id), ("lead_signals", Signal.Id), ("lead_events", Event.Id), ("profile_facts", Fact.Id),
        ];

        public IEnumerable<Guid> AllIds => [ConversationId, Lead.SessionId!.Value, .. Ids.Select(i => i.Id)];
    }

    private static TurnRows Turn(Guid conversationId)
    {
        var question = new Message { Id = Guid.CreateVersion7(), ConversationId = conversationId, Sequence = 2, Role = MessageRole.User, Content = "A laptop under €900, please \"fast\"", CreatedAt = At };
        var answer = new Message
        {
            Id = Guid.CreateVersion7(), ConversationId = conversationId, Sequence = 3, Role = MessageRole.Assistant, Content = "Here are two: ✓ light, ✓ fast.",
            Metadata = new MessageMetadata
            {
                Intent = "product_search", Confidence = 0.87, Responder = "llm", Model = "gpt-fake", Status = "completed", ResponseTimeMs = 12.34,
                Products = [new ShownProduct(Guid.CreateVersion7(), "LP-1", "Laptop One", 899.99m, "EUR", "light", 0.91)],
                Citations = [], SuggestedActions = ["Compare them", "Show cheaper"],
            },
            CreatedAt = At.AddMilliseconds(7),
        };
        var lead = new Lead
        {
            Id = Guid.CreateVersion7(), SessionId = null, LastConversationId = conversationId, Name = "Ana", EngagementScore = 12.5, IntentScore = 30,
            Temperature = LeadTemperatures.Warm, Sentiment = "positive", SignalCounts = [new SignalCount("message", 2), new SignalCount("product_viewed", 1)],
            Products = [new ProductInterest(Guid.CreateVersion7(), "Laptop One", 1, "viewed", At)], Objections = [new LeadObjection("price", 1, question.Id, At)],
            LastActivityAt = At, CreatedAt = At, UpdatedAt = At,
        };
        return new TurnRows(question, answer,
            Llm(conversationId, "chat", 0.000123m, "{\"messages\":[{\"role\":\"user\",\"content\":\"A laptop under €900\"}]}"),
            Llm(conversationId, "chat.tools", 0.0000015m, null),
            Usage(conversationId, Guid.CreateVersion7()),
            lead,
            new LeadSignalOccurrence { Id = Guid.CreateVersion7(), LeadId = lead.Id, Position = 2, Name = "product_viewed", MessageId = question.Id, ConversationId = conversationId, At = At, Detail = "Laptop One" },
            new LeadEvent
            {
                Id = Guid.CreateVersion7(), LeadId = lead.Id, ConversationId = conversationId, MessageId = question.Id, Kind = LeadEventKinds.TemperatureChanged,
                EngagementBefore = 2.5, EngagementAfter = 12.5, IntentBefore = 0, IntentAfter = 30, TemperatureBefore = LeadTemperatures.Cold,
                TemperatureAfter = LeadTemperatures.Warm, Signals = [new LeadSignal("product_viewed", question.Id, conversationId, At, "Laptop One")], CreatedAt = At,
            },
            new ProfileFact { Id = Guid.CreateVersion7(), Kind = ProfileFactKinds.BudgetMax, Value = "900", Source = ProfileFactSources.Rules, MessageId = question.Id, ConversationId = conversationId, CreatedAt = At, UpdatedAt = At });
    }

    private static LlmRequest Llm(Guid conversationId, string purpose, decimal cost, string? body) => new()
    {
        Id = Guid.CreateVersion7(), ConversationId = conversationId, Purpose = purpose, Provider = "openai-compatible", Model = "gpt-fake",
        RequestBody = body, ResponseBody = body is null ? null : "{\"text\":\"Here are two\"}", PromptTokens = 1234, CompletionTokens = 56, TotalTokens = 1290,
        TokensEstimated = body is null, UnitCostPrompt = 0.15m, UnitCostCompletion = 0.6m, ComputedCost = cost, LatencyMs = 42, TimeToFirstTokenMs = body is null ? null : 7,
        Status = body is null ? "interrupted" : "ok", Error = body is null ? "The caller stopped reading the stream." : null, CreatedAt = At,
    };

    private static UsageEvent Usage(Guid conversationId, Guid id) => new()
    {
        Id = id, ConversationId = conversationId, Action = "chat.turn", Metadata = new() { ["intent"] = "product_search", ["responder"] = "llm" }, CreatedAt = At,
    };

    /// <summary>The turn's rows added, and the conversation changed, as the answer store does.</summary>
    private static void Add(SalesMateDbContext db, Conversation conversation, TurnRows rows)
    {
        rows.Lead.SessionId = conversation.SessionId;
        rows.Fact.SessionId = conversation.SessionId;
        rows.Usage.SessionId = conversation.SessionId;
        db.AddRange(rows.Fact, rows.Event, rows.Signal, rows.Lead, rows.Usage, rows.Tools, rows.Llm, rows.Answer, rows.Question);
        conversation.MessageCount = 3;
        conversation.UpdatedAt = At;
        conversation.LastMessageAt = At;
        conversation.State = conversation.State with { LastIntent = "product_search", BudgetMax = 900.5m, Categories = ["laptops"], ProductsViewedCount = 4 };
    }

    /// <summary>Two new conversations (of two sessions: a lead is per session), so that their rows differ only in ids.</summary>
    private async Task<(Guid Tenant, Guid First, Guid Second)> TwoConversationsAsync()
    {
        var first = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var second = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenantId = await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        // Same creation time, so the two rows differ only in ids.
        await db.Conversations.Where(c => c.Id == first.ConversationId || c.Id == second.ConversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, At));
        return (tenantId, first.ConversationId, second.ConversationId);
    }

    private AsyncServiceScope Scope(Guid tenantId, out SalesMateDbContext db)
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        return scope;
    }

    /// <summary>The row as the database holds it, read past EF (and, on PostgreSQL, past row-level security); null when there is none.</summary>
    private async Task<Dictionary<string, object?>?> RawRowAsync(string table, Guid id)
    {
        var database = fixture.Factory.Database;
        await using DbConnection connection = database.Kind == DatabaseKind.Postgres
            ? new NpgsqlConnection(database.SuperuserConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = database.Kind == DatabaseKind.Postgres ? id : id.ToString().ToUpperInvariant();
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    /// <summary>The row with the turn's own ids (as uuid, text or inside JSON) replaced by their position, so two turns' rows compare.</summary>
    private static List<string> Normalised(Dictionary<string, object?>? row, TurnRows rows)
    {
        row.Should().NotBeNull();
        var ids = rows.AllIds.Select((id, i) => (id.ToString(), $"<id{i}>")).ToList();
        string Text(object? value)
        {
            var text = value switch
            {
                null => "null",
                DateTime time => time.ToString("O"),
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString()!,
            };
            foreach (var (id, name) in ids)
            {
                text = text.Replace(id, name, StringComparison.OrdinalIgnoreCase);
            }
            return text;
        }
        var products = rows.Answer.Metadata.Products.Select(p => p.Id).Concat(rows.Lead.Products.Select(p => p.ProductId)).ToList();
        return row!.Select(c => $"{c.Key}={Text(c.Value)}").Select(c => products.Aggregate(c, (t, p) => t.Replace(p.ToString(), "<product>", StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }
}

[Collection("sqlite")]
public sealed class SqliteSingleCommandSaveTests(SqliteAppFixture fixture) : SingleCommandSaveTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresSingleCommandSaveTests(PostgresAppFixture fixture) : SingleCommandSaveTests(fixture), IClassFixture<PostgresAppFixture>;
