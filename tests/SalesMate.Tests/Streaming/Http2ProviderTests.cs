using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Config;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>The fake OpenAI server speaks HTTP/2 only (h2c) and the app has <c>llm.http_version: "2"</c>.</summary>
public sealed class Http2LlmAppFixture() : FakeModelFixture(DatabaseKind.Sqlite)
{
    protected override bool Http2Only => true;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["llm:http_version"] = "2" };
}

/// <summary>llm.http_version: answers stream from a provider over HTTP/2, and concurrent answers share its connections.</summary>
public sealed class Http2ProviderTests(Http2LlmAppFixture fixture) : IClassFixture<Http2LlmAppFixture>
{
    private Task<(StartChatResponse Chat, CreateStreamResponse Stream)> StreamAsync(string message) => SseClient.StartStreamAsync(fixture.Client, message);

    [Fact]
    public async Task Streamed_answers_arrive_over_http2_and_are_stored()
    {
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(
            FakeOpenAiReply.Text("Over ", "one ", "connection.").WithUsage(100, 10),
            FakeOpenAiReply.Text("Second ", "answer.").WithUsage(100, 10));
        var first = await StreamAsync("hello, which laptops do you have?");
        var second = await StreamAsync("and which phones?");

        var reads = await Task.WhenAll(
            SseClient.EventsAsync(fixture.Client, first.Stream.StreamId, first.Chat.SessionToken!),
            SseClient.EventsAsync(fixture.Client, second.Stream.StreamId, second.Chat.SessionToken!));

        // Each answer is one of the scripted ones (the sales pipeline may add a question or a nudge after it).
        reads.Select(r => r.Text).Should().Contain(t => t.StartsWith("Over one connection.", StringComparison.Ordinal))
            .And.Contain(t => t.StartsWith("Second answer.", StringComparison.Ordinal));
        reads.Should().OnlyContain(r => r.Items.Any(i => i.EventType == "done"));
        fixture.Server.Requests.Skip(before).Should().NotBeEmpty().And.OnlyContain(r => r.Protocol == "HTTP/2");
        // The two answers were generated concurrently; each conversation stores the one its stream showed.
        foreach (var (stream, read) in new[] { first, second }.Zip(reads))
        {
            var messages = (await (await fixture.Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{stream.Chat.ConversationId}/messages",
                stream.Chat.SessionToken)).ReadAsync<MessagesResponse>()).Messages;
            messages[^1].Content.Should().Be(read.Text);
            messages[^1].Status.Should().Be("completed");
        }
    }

    [Theory]
    [InlineData("auto", "https://api.openai.com/v1", "2.0", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("auto", "http://localhost:8000/v1", null, null)]
    [InlineData("2", "http://localhost:8000/v1", "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("1.1", "https://api.openai.com/v1", null, null)]
    public void The_setting_and_the_scheme_choose_the_version(string setting, string baseUrl, string? version, HttpVersionPolicy? policy)
    {
        var chosen = ProviderHttpVersion.For(setting, new Uri(baseUrl));
        chosen?.Version.ToString().Should().Be(version);
        chosen?.Policy.Should().Be(policy);
        (chosen is null).Should().Be(version is null);
    }

    [Fact]
    public void An_unknown_http_version_is_refused_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["llm:http_version"] = "3" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSalesMateOptions().BuildServiceProvider();
        var read = () => services.GetRequiredService<IOptions<LlmOptions>>().Value;
        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("llm.http_version must be one of auto, 1.1, 2");
    }
}
