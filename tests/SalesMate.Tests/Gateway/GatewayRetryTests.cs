using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;

namespace SalesMate.Tests.Gateway;

/// <summary>Failures before the first token: retried (429, 5xx, first-token timeout) or surfaced as LlmUnavailableException.</summary>
public sealed class GatewayRetryTests
{
    [Fact]
    public async Task Rate_limit_is_retried_after_the_capped_retry_after_and_the_call_succeeds()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Error(429, retryAfter: "7"), FakeOpenAiReply.Text("Here ", "you go.").WithUsage(20, 3));

        var (text, _, error) = await gateway.StreamAsync("laptops?");

        error.Should().BeNull();
        text.Should().Be("Here you go.");
        gateway.Server.Requests.Should().HaveCount(2);
        gateway.Clock.TimerDueTimes.Should().Contain(TimeSpan.FromSeconds(0.05), "Retry-After 7 s is capped at llm.retry_max_delay_seconds");
        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("ok");
        row.ResponseBody.Should().Contain("\"attempts\":2");
        row.PromptTokens.Should().Be(20);
    }

    [Fact]
    public async Task Server_errors_are_retried_up_to_max_retries_then_surface_as_unavailable()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Error(500), FakeOpenAiReply.Error(502), FakeOpenAiReply.Error(503), FakeOpenAiReply.Text("never"));

        var act = () => gateway.Client.GetResponseAsync(GatewayHarness.Ask("hi"), gateway.Options());

        var error = (await act.Should().ThrowAsync<LlmUnavailableException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.Failure.Kind.Should().Be(LlmFailureKind.ServerError);
        error.Failure.StatusCode.Should().Be(503);
        error.Failure.Attempts.Should().Be(3);
        error.Message.Should().Contain("openai-compatible").And.Contain("unavailable").And.NotContain("sales assistant");
        gateway.Server.Requests.Should().HaveCount(3, "one attempt plus llm.max_retries = 2");
        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("error");
        row.Error.Should().Contain("server error (HTTP 503)");
        row.PromptTokens.Should().BeNull("a failed call produced nothing to bill");
        row.ComputedCost.Should().BeNull();
    }

    [Fact]
    public async Task Streamed_server_error_then_success_is_retried_transparently()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Error(500), FakeOpenAiReply.Text("Fine ", "now."));

        var (text, updates, error) = await gateway.StreamAsync("hello");

        error.Should().BeNull();
        text.Should().Be("Fine now.");
        updates[0].AdditionalProperties![ResilientChatClient.AttemptsKey].Should().Be(2);
        gateway.Server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Slow_first_token_times_out_and_the_retry_answers()
    {
        await using var gateway = await GatewayHarness.StartAsync(new() { ["llm:first_token_timeout_seconds"] = "2" });
        gateway.Server.Enqueue(FakeOpenAiReply.Text("late").WithFirstChunkDelay(TimeSpan.FromMinutes(5)), FakeOpenAiReply.Text("On ", "time."));

        var (text, _, error) = await gateway.StreamAsync("hello");

        error.Should().BeNull();
        text.Should().Be("On time.");
        var requests = gateway.Server.Requests;
        requests.Should().HaveCount(2);
        await requests[0].ClientGone.WaitAsync(TimeSpan.FromSeconds(10));
        (await gateway.SingleRowAsync()).Status.Should().Be("ok");
    }

    [Fact]
    public async Task Provider_that_never_sends_a_token_is_unavailable_after_the_retries()
    {
        await using var gateway = await GatewayHarness.StartAsync(new()
        {
            ["llm:first_token_timeout_seconds"] = "0.5",
            ["llm:max_retries"] = "1",
        });
        gateway.Server.Fallback = FakeOpenAiReply.Silent();

        var (text, updates, error) = await gateway.StreamAsync("hello");

        text.Should().BeEmpty();
        updates.Should().BeEmpty("the role-only preamble is held back until a real token arrives");
        var unavailable = error.Should().BeOfType<LlmUnavailableException>().Subject;
        unavailable.Failure.Kind.Should().Be(LlmFailureKind.FirstTokenTimeout);
        gateway.Server.Requests.Should().HaveCount(2);
        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("error");
        row.TimeToFirstTokenMs.Should().BeNull();
    }

    [Fact]
    public async Task Rejected_request_is_not_retried()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Error(400), FakeOpenAiReply.Text("never"));

        var (_, _, error) = await gateway.StreamAsync("hello");

        var unavailable = error.Should().BeOfType<LlmUnavailableException>().Subject;
        unavailable.IsTransient.Should().BeFalse();
        unavailable.Failure.Kind.Should().Be(LlmFailureKind.Rejected);
        unavailable.Message.Should().Contain("refused the request");
        gateway.Server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Total_timeout_bounds_a_call_that_keeps_trickling()
    {
        await using var gateway = await GatewayHarness.StartAsync(new() { ["llm:total_timeout_seconds"] = "2" });
        var chunks = Enumerable.Range(0, 200).Select(i => $"w{i} ").ToArray();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(chunks).WithChunkDelay(TimeSpan.FromMilliseconds(50)));

        var (text, _, error) = await gateway.StreamAsync("hello");

        var interrupted = error.Should().BeOfType<LlmStreamInterruptedException>().Subject;
        interrupted.Failure.Kind.Should().Be(LlmFailureKind.TotalTimeout);
        interrupted.PartialText.Should().Be(text).And.StartWith("w0 ");
        gateway.Server.Requests.Should().ContainSingle();
        (await gateway.SingleRowAsync()).Status.Should().Be("interrupted");
    }

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("Sat, 21 Nov 2026 10:00:30 GMT", 30.0)]
    [InlineData("Sat, 21 Nov 2026 09:59:00 GMT", 0.0)]
    public void Retry_after_accepts_seconds_and_http_dates(string header, double expectedSeconds)
    {
        var now = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

        LlmFaults.ParseRetryAfter(header, now).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public void Retry_after_ignores_garbage() =>
        LlmFaults.ParseRetryAfter("soon", DateTimeOffset.UtcNow).Should().BeNull();
}
