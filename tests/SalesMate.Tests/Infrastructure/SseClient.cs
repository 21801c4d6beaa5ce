using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using System.Text.Json;

namespace SalesMate.Tests.Infrastructure;

public sealed record SseRead(List<SseItem<string>> Items, TimeSpan? Retry, string ContentType)
{
    public IEnumerable<SseItem<string>> OfType(string type) => Items.Where(i => i.EventType == type);

    public string Text => string.Concat(OfType("token").Select(i => JsonDocument.Parse(i.Data).RootElement.GetProperty("text").GetString()));

    public JsonElement Data(string type) => JsonDocument.Parse(OfType(type).Single().Data).RootElement;
}

/// <summary>Reads a real text/event-stream response with the framework's SSE parser (id, event, data, retry, comments).</summary>
public static class SseClient
{
    public static async Task<SseRead> ReadAsync(HttpClient client, HttpRequestMessage request, int? stopAfter = null)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        await using var stream = await response.Content.ReadAsStreamAsync();
        var parser = SseParser.Create(stream);
        var items = new List<SseItem<string>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var item in parser.EnumerateAsync(timeout.Token))
        {
            if (item.EventType == "heartbeat")
            {
                continue;
            }
            items.Add(item);
            if (items.Count == stopAfter || item.EventType is "done" or "error")
            {
                break; // disposing the response drops the connection, like a browser tab closing
            }
        }
        return new SseRead(items, parser.ReconnectionInterval, response.Content.Headers.ContentType?.MediaType ?? "");
    }

    /// <summary>A new conversation and a stream of its first answer to <paramref name="message"/>, as a browser tab starts one.</summary>
    public static async Task<(StartChatResponse Chat, CreateStreamResponse Stream)> StartStreamAsync(HttpClient client, string message)
    {
        var chat = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        return (chat, await (await client.SendAsync(request)).ReadAsync<CreateStreamResponse>());
    }

    public static Task<SseRead> EventsAsync(HttpClient client, string streamId, string sessionToken, int? lastEventId = null, int? stopAfter = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?stream_id={Uri.EscapeDataString(streamId)}");
        request.Headers.Add("X-Session-Token", sessionToken);
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return ReadAsync(client, request, stopAfter);
    }
}
