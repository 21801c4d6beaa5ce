using System.Net.ServerSentEvents;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Streaming;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Intelligence;

namespace SalesMate.Tests.Streaming;

/// <summary>
/// A stream keeps its events as UTF-8 bytes: a listener who reconnects gets exactly the bytes a live listener got, whether
/// the events come from this instance's memory or from the database; and a stop pressed on another instance still
/// reaches the instance that generates the answer.
/// </summary>
public abstract class ReplayBytesTests(FakeModelFixture fixture)
{
    private static readonly FakeToolCall SearchGamingLaptops =
        new("call_1", "search_products", """{"query":"gaming laptop","category":"Laptops","max_price":1500}""");

    [Fact]
    public async Task A_replay_from_memory_or_from_the_database_sends_the_bytes_sent_live()
    {
        fixture.Server.Enqueue(
            FakeOpenAiReply.Tools(SearchGamingLaptops),
            FakeOpenAiReply.Text("Naïve — ", "ünïcödé ✓ ", "日本語\n", "line two\r\n", "end."));
        var (chat, stream) = await SseClient.StartStreamAsync(fixture.Client, "I need a gaming laptop under $1500");
        var live = await RawEventsAsync(stream.StreamId, chat.SessionToken!);
        var fromMemory = await RawEventsAsync(stream.StreamId, chat.SessionToken!);
        var fromMemoryAfter2 = await RawEventsAsync(stream.StreamId, chat.SessionToken!, lastEventId: 2);

        fixture.Factory.Services.GetRequiredService<StreamHub>().Forget(await StreamIdAsync(chat.ConversationId));
        var fromDatabase = await RawEventsAsync(stream.StreamId, chat.SessionToken!);
        var fromDatabaseAfter2 = await RawEventsAsync(stream.StreamId, chat.SessionToken!, lastEventId: 2);

        var items = await Parse(live);
        items.Select(i => i.EventType).Should().ContainInOrder("meta", "products", "sources", "token", "done");
        string.Concat(items.Where(i => i.EventType == "token").Select(i => System.Text.Json.JsonDocument.Parse(i.Data).RootElement.GetProperty("text").GetString()))
            .Should().Be("Naïve — ünïcödé ✓ 日本語\nline two\r\nend.");
        fromMemory.Should().Equal(live);
        fromDatabase.Should().Equal(live);
        (await Parse(fromMemoryAfter2))[0].EventId.Should().Be("3");
        fromDatabaseAfter2.Should().Equal(fromMemoryAfter2);
    }

    [Fact]
    public async Task Data_of_several_lines_and_non_ascii_text_is_replayed_from_the_database_as_it_was_sent_from_memory()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var (tenantId, stream, token) = await RunningStreams.AddAsync(fixture.Factory.Services, chat.ConversationId);
        SseEvent[] events =
        [
            new(1, "meta", Encoding.UTF8.GetBytes("first line\nsecond — ü\r\nthird ✓\rfourth 日本")),
            new(2, "token", Encoding.UTF8.GetBytes("""{"text":"naïve"}""")),
            new(3, "done", "{}"u8.ToArray()),
        ];
        var hub = fixture.Factory.Services.GetRequiredService<StreamHub>();
        var live = hub.Open(stream);
        var log = new StreamEventLog(fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>(), tenantId, stream, NullLogger.Instance, Task.CompletedTask);
        foreach (var item in events)
        {
            live.Append(item, final: item.Event == "done");
            log.Add(item, DateTime.UtcNow);
        }
        await log.CompleteAsync(ChatStreamStatus.Completed, null, DateTime.UtcNow, DateTime.UtcNow.AddHours(1), storeScope: null);

        var fromMemory = await RawEventsAsync(token, chat.SessionToken!);
        hub.Forget(stream);
        var fromDatabase = await RawEventsAsync(token, chat.SessionToken!);

        var expected = new MemoryStream();
        await SseFormatter.WriteAsync(events.Select((e, i) => new SseItem<string>(Encoding.UTF8.GetString(e.Data), e.Event)
        {
            EventId = e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReconnectionInterval = i == 0 ? TimeSpan.FromMilliseconds(2000) : null,
        }).ToAsyncEnumerable(), expected);
        fromMemory.Should().Equal(expected.ToArray());
        fromDatabase.Should().Equal(expected.ToArray());
    }

    [Fact]
    public async Task A_stop_flagged_in_the_database_by_another_instance_stops_the_generation_here()
    {
        var release = new TaskCompletionSource();
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Let ", "me ", "think ").ThenAbort(release.Task));
        var (chat, stream) = await SseClient.StartStreamAsync(fixture.Client, "tell me about headphones");
        var first = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!, stopAfter: 4);
        first.Items.Should().Contain(i => i.EventType == "token");

        // What POST .../cancel does on an instance that does not run the stream: it only sets the flag.
        var id = await StreamIdAsync(chat.ConversationId);
        await using (var scope = await TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().ChatStreams.Where(s => s.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CancelRequested, true));
        }
        var rest = await SseClient.EventsAsync(fixture.Client, stream.StreamId, chat.SessionToken!);
        release.TrySetResult();

        rest.Data("error").GetProperty("code").GetString().Should().Be("stopped");
    }

    private async Task<byte[]> RawEventsAsync(string streamToken, string sessionToken, int? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?stream_id={Uri.EscapeDataString(streamToken)}");
        request.Headers.Add("X-Session-Token", sessionToken);
        if (lastEventId is { } after)
        {
            request.Headers.Add("Last-Event-ID", after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await fixture.Client.SendAsync(request, timeout.Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(timeout.Token);
    }

    private static async Task<List<SseItem<string>>> Parse(byte[] body)
    {
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(new MemoryStream(body)).EnumerateAsync())
        {
            items.Add(item);
        }
        return items;
    }

    private async Task<AsyncServiceScope> TenantScopeAsync()
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
        return scope;
    }

    private async Task<Guid> StreamIdAsync(Guid conversationId)
    {
        await using var scope = await TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().ChatStreams
            .Where(s => s.ConversationId == conversationId).Select(s => s.Id).SingleAsync();
    }
}

[Collection("sqlite")]
public sealed class SqliteReplayBytesTests(SqliteModelFixture fixture) : ReplayBytesTests(fixture), IClassFixture<SqliteModelFixture>;

[Collection("postgres")]
public sealed class PostgresReplayBytesTests(PostgresModelFixture fixture) : ReplayBytesTests(fixture), IClassFixture<PostgresModelFixture>;
