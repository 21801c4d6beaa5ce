using System.Net;
using System.Text.Json;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Security;

/// <summary>Oversized bodies (413) and over-long messages (422) are refused before any model call, with a real model configured.</summary>
[Collection("sqlite")]
public sealed class RequestSizeTests : IAsyncLifetime
{
    private const int MaxChars = 200;
    private FakeOpenAiServer _model = null!;
    private SecurityTestApp _app = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync("gpt-fake");
        _app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string>
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = _model.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:max_retries"] = "0",
            ["chat:max_message_chars"] = $"{MaxChars}",
            ["security:max_request_body"] = "4 KB",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string url, object body, string? sessionToken = null, string? apiKey = null) =>
        _app.SendAsync(HttpMethod.Post, url, body, [
            .. sessionToken is null ? [] : new[] { ("X-Session-Token", sessionToken) },
            .. apiKey is null ? [] : new[] { ("Authorization", $"Bearer {apiKey}") }]);

    private async Task NoModelCallAsync()
    {
        _model.Requests.Should().BeEmpty("nothing was sent upstream");
        (await _app.CountAsync(db => db.LlmRequests)).Should().Be(0, "no LLM call was recorded");
    }

    [Fact]
    public async Task A_body_over_security_max_request_body_is_413_problem_details_and_reaches_no_model()
    {
        var chat = await _app.StartChatAsync();
        var huge = new string('a', 10_000);

        var response = await PostAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = huge }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString().Should().Be("Request too large");

        var key = await _app.CreateApiKeyAsync();
        var completion = await PostAsync("/v1/chat/completions",
            new { model = "salesmate/sales-consultant", messages = new[] { new { role = "user", content = huge } } }, apiKey: key);
        completion.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(await completion.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString()
            .Should().Be("invalid_request_error");
        await NoModelCallAsync();
    }

    [Fact]
    public async Task A_message_over_chat_max_message_chars_is_refused_on_every_chat_route_before_any_model_call()
    {
        var chat = await _app.StartChatAsync();
        var tooLong = new string('b', MaxChars + 1);

        foreach (var (url, body) in new (string, object)[]
                 {
                     ("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = tooLong }),
                     ("/api/v1/streams", new { conversation_id = chat.ConversationId, message = tooLong }),
                     ($"/api/v1/chat/{chat.ConversationId}/stream", new { message = tooLong }),
                 })
        {
            var response = await PostAsync(url, body, chat.SessionToken);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, $"{url}: {text}");
            var problem = JsonDocument.Parse(text).RootElement;
            problem.GetProperty("title").GetString().Should().Be("Text too long");
            problem.GetProperty("max_chars").GetInt32().Should().Be(MaxChars);
            problem.GetProperty("errors").GetProperty("message")[0].GetString().Should().Contain($"at most {MaxChars} characters");
        }

        var key = await _app.CreateApiKeyAsync();
        var sessionsBefore = await _app.CountAsync(db => db.Sessions);
        var completion = await PostAsync("/v1/chat/completions",
            new { model = "salesmate/sales-consultant", messages = new[] { new { role = "user", content = tooLong } } }, apiKey: key);
        completion.StatusCode.Should().Be(HttpStatusCode.BadRequest, "OpenAI's status for an over-long string");
        var error = JsonDocument.Parse(await completion.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("string_above_max_length");
        error.GetProperty("param").GetString().Should().Be("messages");
        (await _app.CountAsync(db => db.Sessions)).Should().Be(sessionsBefore, "nothing is stored for a refused completion");
        await NoModelCallAsync();
        (await _app.CountAsync(db => db.Messages)).Should().Be(1, "only the greeting");

        _model.Enqueue(FakeOpenAiReply.Text("Here is one that fits."));
        var fits = await PostAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = new string('c', MaxChars) },
            chat.SessionToken);
        fits.StatusCode.Should().Be(HttpStatusCode.OK, "a message at the limit is answered by the model");
        _model.Requests.Should().HaveCount(1);
    }
}
