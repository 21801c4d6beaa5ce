using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Services.Streaming;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>Shutdown during an answer: new streams are refused, the in-flight one ends resumable with its partial answer kept.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task An_answer_in_flight_at_shutdown_is_stored_as_incomplete_and_the_client_may_retry()
    {
        await using var server = await FakeOpenAiServer.StartAsync("gpt-fake");
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var settings = new Dictionary<string, string>
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = server.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:idle_timeout_seconds"] = "30",
            ["streaming:shutdown_grace_seconds"] = "0",
            ["streaming:signing_key"] = "a-shared-signing-key-of-at-least-32-characters",
        };
        var never = new TaskCompletionSource();
        server.Enqueue(FakeOpenAiReply.Text("Good ", "question, ", "let me ").ThenAbort(never.Task));

        var first = new SalesMateFactory(database, settings);
        var client = first.CreateKestrelClient();
        var chat = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = chat.ConversationId, message = "which laptop for college?" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        var stream = await (await client.SendAsync(request)).ReadAsync<CreateStreamResponse>();
        (await SseClient.EventsAsync(client, stream.StreamId, chat.SessionToken!, stopAfter: 4)).Items.Should().Contain(i => i.EventType == "token");

        var runner = first.Services.GetRequiredService<StreamRunner>();
        await first.Services.GetRequiredService<IHost>().StopAsync();
        runner.Accepting.Should().BeFalse("new streams are refused once shutdown starts");
        runner.Running.Should().Be(0);
        client.Dispose();
        await first.DisposeAsync();

        await using var second = new SalesMateFactory(database, settings);
        var next = second.CreateKestrelClient();
        var rest = await SseClient.EventsAsync(next, stream.StreamId, chat.SessionToken!);
        var error = rest.Data("error");
        error.GetProperty("code").GetString().Should().Be("incomplete");
        error.GetProperty("retryable").GetBoolean().Should().BeTrue();
        var messages = (await (await next.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken))
            .ReadAsync<MessagesResponse>()).Messages;
        messages[^1].Status.Should().Be("incomplete");
        messages[^1].Content.Should().StartWith("Good question");
        never.TrySetResult();
        next.Dispose();
        await database.DisposeAsync();
    }
}
