using System.Net.Http.Json;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>
/// Two instances behind a load balancer share PostgreSQL and the stream signing key: a stream created on one can be
/// read, replayed and stopped through the other, because stream state and events live in the database.
/// </summary>
[Collection("postgres")]
public sealed class MultiInstanceTests : IAsyncLifetime
{
    private TwoInstances _instances = null!;

    public async Task InitializeAsync()
    {
        _instances = await TwoInstances.StartAsync(DatabaseKind.Postgres, new Dictionary<string, string>
        {
            ["streaming:signing_key"] = "a-shared-signing-key-of-at-least-32-characters",
            ["streaming:orphan_after_seconds"] = "1",
        });
    }

    public async Task DisposeAsync() => await _instances.DisposeAsync();

    [Fact]
    public async Task A_stream_created_on_one_instance_is_read_and_replayed_on_the_other()
    {
        var chat = await (await _instances.ClientA.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message = "gaming laptop under $1500" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        var stream = await (await _instances.ClientA.SendAsync(request)).ReadAsync<CreateStreamResponse>();

        var onB = await SseClient.EventsAsync(_instances.ClientB, stream.StreamId, chat.SessionToken!);
        onB.Items[^1].EventType.Should().Be("done");
        var replay = await SseClient.EventsAsync(_instances.ClientB, stream.StreamId, chat.SessionToken!, lastEventId: 3);
        replay.Items[0].EventId.Should().Be("4");
        var onA = await SseClient.EventsAsync(_instances.ClientA, stream.StreamId, chat.SessionToken!);
        onA.Text.Should().Be(onB.Text);
    }

    [Fact]
    public async Task A_stream_whose_instance_died_ends_as_incomplete_for_listeners_elsewhere()
    {
        var chat = await (await _instances.ClientA.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        // A stream row as a crashed instance leaves it: running, no events, nobody producing.
        var (_, _, token) = await RunningStreams.AddAsync(_instances.B.Services, chat.ConversationId);

        var read = await SseClient.EventsAsync(_instances.ClientB, token, chat.SessionToken!);
        var error = read.Data("error");
        error.GetProperty("code").GetString().Should().Be("incomplete");
        error.GetProperty("retryable").GetBoolean().Should().BeTrue();
    }
}
