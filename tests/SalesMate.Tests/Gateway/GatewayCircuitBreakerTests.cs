using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;

namespace SalesMate.Tests.Gateway;

public sealed class GatewayCircuitBreakerTests
{
    [Fact]
    public async Task Open_circuit_fails_fast_then_a_half_open_probe_closes_it()
    {
        await using var gateway = await GatewayHarness.StartAsync(new()
        {
            ["llm:max_retries"] = "0",
            ["llm:circuit_breaker:minimum_throughput"] = "2",
            ["llm:circuit_breaker:failure_ratio"] = "0.5",
            ["llm:circuit_breaker:break_duration_seconds"] = "0.5",
        });
        gateway.Server.Enqueue(FakeOpenAiReply.Error(500), FakeOpenAiReply.Error(503));
        var resilient = gateway.Client.GetService<ResilientChatClient>()!;

        for (var i = 0; i < 2; i++)
        {
            var failing = () => gateway.Client.GetResponseAsync(GatewayHarness.Ask("hi"), gateway.Options());
            (await failing.Should().ThrowAsync<LlmUnavailableException>()).Which.Failure.Kind.Should().Be(LlmFailureKind.ServerError);
        }
        resilient.Circuit.Should().Be(CircuitState.Open);

        var (_, _, error) = await gateway.StreamAsync("hi");
        var open = error.Should().BeOfType<LlmUnavailableException>().Subject;
        open.Failure.Kind.Should().Be(LlmFailureKind.CircuitOpen);
        open.Message.Should().Contain("'openai-compatible' is unavailable").And.MatchRegex(@"in about \d+ s");
        open.RetryAfter.Should().NotBeNull();
        gateway.Server.Requests.Should().HaveCount(2, "an open circuit sends nothing upstream");

        gateway.Server.Enqueue(FakeOpenAiReply.Text("Back ", "again.").WithUsage(8, 2));
        var answer = await Until(async () =>
        {
            var (text, _, probeError) = await gateway.StreamAsync("hi");
            return probeError is LlmUnavailableException { Failure.Kind: LlmFailureKind.CircuitOpen } ? null : text;
        });

        answer.Should().Be("Back again.");
        resilient.Circuit.Should().Be(CircuitState.Closed);
        gateway.Server.Requests.Should().HaveCount(3);
        var rows = await gateway.RowsAsync();
        rows.Select(r => r.Status).Should().Equal(["error", "error", "ok"], "calls refused by the open circuit never went upstream");
    }

    [Fact]
    public async Task Streams_that_keep_breaking_after_the_first_token_open_the_circuit()
    {
        await using var gateway = await GatewayHarness.StartAsync(new()
        {
            ["llm:circuit_breaker:minimum_throughput"] = "4",
            ["llm:circuit_breaker:failure_ratio"] = "0.5",
        });
        gateway.Server.Fallback = FakeOpenAiReply.Text("cut ").ThenMalformedChunk();
        var resilient = gateway.Client.GetService<ResilientChatClient>()!;

        for (var i = 0; i < 2; i++)
        {
            (await gateway.StreamAsync("hi")).Error.Should().BeOfType<LlmStreamInterruptedException>();
        }

        resilient.Circuit.Should().Be(CircuitState.Open);
        (await gateway.StreamAsync("hi")).Error.Should().BeOfType<LlmUnavailableException>()
            .Which.Failure.Kind.Should().Be(LlmFailureKind.CircuitOpen);
        gateway.Server.Requests.Should().HaveCount(2);
    }

    /// <summary>Polls a condition (not a fixed sleep) until it yields a value, for at most ten seconds.</summary>
    private static async Task<T> Until<T>(Func<Task<T?>> attempt) where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await attempt() is { } value)
            {
                return value;
            }
            await Task.Delay(50, deadline.Token);
        }
    }
}
