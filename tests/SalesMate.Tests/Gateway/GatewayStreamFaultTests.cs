using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;

namespace SalesMate.Tests.Gateway;

/// <summary>Faults after the first token: never retried, surfaced with the partial text, accounted as interrupted.</summary>
public sealed class GatewayStreamFaultTests
{
    [Fact]
    public async Task Dropped_connection_mid_stream_keeps_the_partial_text_and_is_not_retried()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        var seen = new TaskCompletionSource();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("The Zenbook 14 ", "is a great ").ThenAbort(seen.Task), FakeOpenAiReply.Text("a retry would say this"));

        var (text, _, error) = await gateway.StreamAsync("tell me about the Zenbook",
            onText: t => { if (t == "The Zenbook 14 is a great ") seen.TrySetResult(); });

        text.Should().Be("The Zenbook 14 is a great ");
        var interrupted = error.Should().BeOfType<LlmStreamInterruptedException>().Subject;
        interrupted.PartialText.Should().Be("The Zenbook 14 is a great ");
        interrupted.Failure.Kind.Should().Be(LlmFailureKind.Network);
        gateway.Server.Requests.Should().ContainSingle("nothing is retried once a chunk reached the caller");
        gateway.Server.PendingReplies.Should().Be(1);

        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("interrupted");
        row.Error.Should().Contain("interrupted");
        row.TokensEstimated.Should().BeTrue("a broken stream carries no usage");
        row.CompletionTokens.Should().Be(("The Zenbook 14 is a great ".Length + 3) / 4);
        row.TimeToFirstTokenMs.Should().NotBeNull();
        row.ResponseBody.Should().Contain("The Zenbook 14 is a great ");
    }

    [Fact]
    public async Task Malformed_chunk_mid_stream_is_an_interruption()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("Partial ", "answer").ThenMalformedChunk().WithUsage(10, 2));

        var (text, _, error) = await gateway.StreamAsync("hello");

        text.Should().Be("Partial answer");
        var interrupted = error.Should().BeOfType<LlmStreamInterruptedException>().Subject;
        interrupted.Failure.Kind.Should().Be(LlmFailureKind.MalformedResponse);
        interrupted.PartialText.Should().Be("Partial answer");
        gateway.Server.Requests.Should().ContainSingle();
        (await gateway.SingleRowAsync()).Status.Should().Be("interrupted");
    }

    [Fact]
    public async Task Malformed_plain_answer_is_unavailable_and_not_retried()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("x").ThenMalformedChunk(), FakeOpenAiReply.Text("never"));

        var act = () => gateway.Client.GetResponseAsync(GatewayHarness.Ask("hi"), gateway.Options());

        (await act.Should().ThrowAsync<LlmUnavailableException>()).Which.Failure.Kind.Should().Be(LlmFailureKind.MalformedResponse);
        gateway.Server.Requests.Should().ContainSingle();
        (await gateway.SingleRowAsync()).Status.Should().Be("error");
    }

    [Fact]
    public async Task Stall_mid_stream_ends_at_the_idle_timeout()
    {
        await using var gateway = await GatewayHarness.StartAsync(new() { ["llm:idle_timeout_seconds"] = "1" });
        gateway.Server.Enqueue(FakeOpenAiReply.Text("Let me ", "check").ThenStall(), FakeOpenAiReply.Text("never"));

        var (text, _, error) = await gateway.StreamAsync("hello");

        text.Should().Be("Let me check");
        var interrupted = error.Should().BeOfType<LlmStreamInterruptedException>().Subject;
        interrupted.Failure.Kind.Should().Be(LlmFailureKind.IdleTimeout);
        var request = gateway.Server.Requests.Should().ContainSingle().Subject;
        await request.ClientGone.WaitAsync(TimeSpan.FromSeconds(10));
        (await gateway.SingleRowAsync()).Status.Should().Be("interrupted");
    }

    [Fact]
    public async Task Healthy_stream_longer_than_the_idle_timeout_survives()
    {
        await using var gateway = await GatewayHarness.StartAsync(new() { ["llm:idle_timeout_seconds"] = "3" });
        // 16 chunks 250 ms apart: the stream lasts longer than the idle timeout, but no gap comes close to it, even when
        // the rest of the suite holds up this test's threads for a second (a 1 s timeout over 100 ms gaps once did not).
        var chunks = Enumerable.Range(0, 16).Select(i => $"part{i} ").ToArray();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(chunks).WithChunkDelay(TimeSpan.FromMilliseconds(250)).WithUsage(40, 16));

        var (text, _, error) = await gateway.StreamAsync("a long answer please");

        error.Should().BeNull();
        text.Should().Be(string.Concat(chunks));
        (await gateway.SingleRowAsync()).Status.Should().Be("ok");
    }

    [Fact]
    public async Task Caller_cancellation_mid_stream_stays_a_cancellation_and_is_accounted()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("First ", "words").ThenStall());
        using var cancel = new CancellationTokenSource();
        var received = "";

        var act = async () =>
        {
            await foreach (var update in gateway.Client.GetStreamingResponseAsync(GatewayHarness.Ask("hi"), gateway.Options(), cancel.Token))
            {
                received += update.Text;
                if (received == "First words")
                {
                    await cancel.CancelAsync();
                }
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        received.Should().Be("First words");
        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("interrupted");
        row.Error.Should().Be("Cancelled by the caller.");
    }

    [Fact]
    public async Task Caller_that_stops_reading_early_is_accounted_as_interrupted()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("One ", "two ", "three").WithUsage(5, 3));

        await foreach (var update in gateway.Client.GetStreamingResponseAsync(GatewayHarness.Ask("count"), gateway.Options()))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("interrupted");
        row.Error.Should().Contain("stopped reading");
    }
}
