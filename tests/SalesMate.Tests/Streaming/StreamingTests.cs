using System.Net;
using System.Net.Http.Json;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>SSE streaming over real HTTP: event order, ids, replay, idempotency, disconnects.</summary>
public abstract class StreamingTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<StartChatResponse> StartAsync()
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/start", new { });
        return await response.ReadAsync<StartChatResponse>();
    }

    private async Task<CreateStreamResponse> CreateAsync(StartChatResponse chat, string message, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        var response = await Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<CreateStreamResponse>();
    }

    private async Task<MessagesResponse> MessagesAsync(StartChatResponse chat) =>
        await (await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken)).ReadAsync<MessagesResponse>();

    [Fact]
    public async Task Products_and_sources_come_before_tokens_and_done_names_the_stored_answer()
    {
        var chat = await StartAsync();
        var stream = await CreateAsync(chat, "gaming laptop under $1500");
        var read = await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!);

        read.ContentType.Should().Be("text/event-stream");
        read.Retry.Should().NotBeNull();
        var types = read.Items.Select(i => i.EventType).ToList();
        types[0].Should().Be("meta");
        types.IndexOf("products").Should().BeLessThan(types.IndexOf("token"));
        types.IndexOf("sources").Should().BeLessThan(types.IndexOf("token"));
        types[^1].Should().Be("done");
        read.Items.Select(i => int.Parse(i.EventId!, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(Enumerable.Range(1, read.Items.Count), "ids count up from 1 without gaps");

        var meta = read.Data("meta");
        meta.GetProperty("intent").GetString().Should().Be("product_search");
        var done = read.Data("done");
        var stored = (await MessagesAsync(chat)).Messages;
        stored.Select(m => m.Role).Should().Equal("assistant", "user", "assistant");
        stored[1].Id.ToString().Should().Be(meta.GetProperty("user_message_id").GetString());
        stored[2].Id.ToString().Should().Be(done.GetProperty("message_id").GetString());
        stored[2].Content.Should().Be(read.Text, "the streamed tokens are exactly the stored answer");
        read.Data("products").GetProperty("products").EnumerateArray().Select(p => p.GetProperty("price").GetDecimal())
            .Should().NotBeEmpty().And.OnlyContain(p => p < 1500m);
        done.GetProperty("latency_ms").GetDouble().Should().BePositive();
    }

    [Fact]
    public async Task Reconnecting_with_last_event_id_replays_the_rest_without_duplicates()
    {
        var chat = await StartAsync();
        var stream = await CreateAsync(chat, "noise cancelling headphones under 300");
        var firstPart = await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!, stopAfter: 5);
        var lastId = int.Parse(firstPart.Items[^1].EventId!, System.Globalization.CultureInfo.InvariantCulture);

        var rest = await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!, lastEventId: lastId);
        rest.Items.Should().NotBeEmpty();
        int.Parse(rest.Items[0].EventId!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(lastId + 1);
        var all = firstPart.Items.Concat(rest.Items).ToList();
        all.Select(i => i.EventId).Should().OnlyHaveUniqueItems();
        var text = new SseRead(all, null, "").Text;
        (await MessagesAsync(chat)).Messages[^1].Content.Should().Be(text);
    }

    [Fact]
    public async Task A_client_that_disconnects_early_does_not_lose_the_answer()
    {
        var chat = await StartAsync();
        var stream = await CreateAsync(chat, "show me tablets");
        await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!, stopAfter: 1);

        var full = await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!);
        full.Items[^1].EventType.Should().Be("done");
        var messages = (await MessagesAsync(chat)).Messages;
        messages.Should().HaveCount(3);
        messages[^1].Content.Should().Be(full.Text);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_stream_and_another_body_is_422()
    {
        var chat = await StartAsync();
        var first = await CreateAsync(chat, "phones under $800", key: "order-42");
        var again = await CreateAsync(chat, "phones under $800", key: "order-42");
        again.StreamId.Should().Be(first.StreamId);
        again.Replayed.Should().BeTrue();
        await SseClient.EventsAsync(Client, first.StreamId, chat.SessionToken!);
        (await MessagesAsync(chat)).Messages.Count(m => m.Role == "user").Should().Be(1, "the message is stored once");

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message = "something else" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        request.Headers.Add("Idempotency-Key", "order-42");
        (await Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Chat_message_honours_idempotency_keys()
    {
        var chat = await StartAsync();
        async Task<HttpResponseMessage> SendAsync(string message)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message")
            {
                Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message }, options: SalesMateFactory.Json),
            };
            request.Headers.Add("X-Session-Token", chat.SessionToken);
            request.Headers.Add("Idempotency-Key", "msg-1");
            return await Client.SendAsync(request);
        }
        var first = await (await SendAsync("cameras under 1000")).ReadAsync<ChatMessageResponse>();
        var replayed = await SendAsync("cameras under 1000");
        replayed.Headers.GetValues("Idempotent-Replayed").Should().Contain("true");
        (await replayed.ReadAsync<ChatMessageResponse>()).MessageId.Should().Be(first.MessageId);
        (await SendAsync("something else")).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await MessagesAsync(chat)).Messages.Should().HaveCount(3);
    }

    [Fact]
    public async Task Streams_are_bound_to_their_session_and_signed()
    {
        var chat = await StartAsync();
        var other = await StartAsync();
        var stream = await CreateAsync(chat, "smart home");
        var stolen = () => SseClient.EventsAsync(Client, stream.StreamId, other.SessionToken!);
        (await stolen.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().StartWith("404");
        var forged = stream.StreamId[..^4] + "AAAA";
        var guessed = () => SseClient.EventsAsync(Client, forged, chat.SessionToken!);
        (await guessed.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().StartWith("404");
    }

    [Fact]
    public async Task Direct_stream_endpoint_answers_as_event_stream()
    {
        var chat = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{chat.ConversationId}/stream")
        {
            Content = JsonContent.Create(new { message = "compare gaming monitors" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        var read = await SseClient.ReadAsync(Client, request);
        read.Items[0].EventType.Should().Be("meta");
        read.Items[^1].EventType.Should().Be("done");
        read.Text.Should().NotBeEmpty();

        var streamId = read.Data("meta").GetProperty("stream_id").GetString()!;
        var replay = await SseClient.EventsAsync(Client, streamId, chat.SessionToken!, lastEventId: 1);
        replay.Text.Should().Be(read.Text, "meta carries the signed stream id, so a direct stream can be resumed and stopped");
    }

    [Fact]
    public async Task Past_the_replay_window_a_stream_is_gone_and_the_janitor_deletes_it()
    {
        var chat = await StartAsync();
        var stream = await CreateAsync(chat, "wearables");
        await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMate.Database.SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<SalesMate.Database.TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
        var id = Guid.ParseExact(stream.StreamId.Split('.')[0], "N");
        // The runner records the final status (and the replay window) just after the last event; wait for it.
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!await db.ChatStreams.AnyAsync(s => s.Id == id && s.CompletedAt != null, wait.Token))
            {
                await Task.Delay(20, wait.Token);
            }
        }
        var purged = await db.ChatStreams.Where(s => s.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        purged.Should().Be(1);

        var expired = () => SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!);
        (await expired.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().StartWith("404");
        (await scope.ServiceProvider.GetRequiredService<SalesMate.Services.Streaming.StreamJanitor>().PurgeAsync(CancellationToken.None))
            .Should().BeGreaterThanOrEqualTo(1);
        (await db.StreamEvents.AnyAsync(e => e.StreamId == id)).Should().BeFalse("events go with their stream");
        (await MessagesAsync(chat)).Messages.Should().HaveCount(3, "the conversation itself is kept");
    }
}

[Collection("sqlite")]
public sealed class SqliteStreamingTests(SqliteAppFixture fixture) : StreamingTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresStreamingTests(PostgresAppFixture fixture) : StreamingTests(fixture), IClassFixture<PostgresAppFixture>;
