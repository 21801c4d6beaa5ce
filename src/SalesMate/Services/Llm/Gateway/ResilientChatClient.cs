using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// Retries, timeouts and a circuit breaker around the provider client.
/// <list type="bullet">
/// <item>Retries (exponential backoff with jitter, Retry-After honoured and capped) only for 408/429/5xx, network errors
/// and first-token timeouts, and only before the first streamed chunk has reached the caller: never after.</item>
/// <item>Timers: first token (streams: first chunk with content; plain calls: the whole answer), idle gap between
/// chunks (paused while the caller handles a chunk, so a slow consumer is not the provider's fault), total per call.</item>
/// <item>One Polly circuit breaker for the provider. While open, calls fail at once, then one probe is let through.</item>
/// </list>
/// Failures before the first chunk surface as <see cref="LlmUnavailableException"/>, after it as
/// <see cref="LlmStreamInterruptedException"/> with the text so far. Caller cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class ResilientChatClient : DelegatingChatClient
{
    /// <summary>Key in the response's (or first update's) <c>AdditionalProperties</c>: upstream attempts made.</summary>
    public const string AttemptsKey = "salesmate.attempts";

    private readonly LlmResilienceSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _breaker;
    private readonly CircuitBreakerStateProvider _circuit = new();

    public ResilientChatClient(IChatClient inner, string provider, LlmResilienceSettings settings, TimeProvider clock, ILogger<ResilientChatClient> logger)
        : base(inner)
    {
        Provider = provider;
        _settings = settings;
        _clock = clock;
        _logger = logger;
        _breaker = new ResiliencePipelineBuilder { TimeProvider = clock, Name = $"llm-{provider}" }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _circuit,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && Classify(e, 0).CountsAgainstProvider),
                OnOpened = args => Logged(() => LogCircuitOpened(_logger, Provider, args.BreakDuration.TotalSeconds)),
                OnHalfOpened = _ => Logged(() => LogCircuitHalfOpen(_logger, Provider)),
                OnClosed = _ => Logged(() => LogCircuitClosed(_logger, Provider)),
            })
            .Build();
        var retry = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (settings.MaxRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay > TimeSpan.Zero ? settings.RetryMaxDelay : null,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                    && !args.Context.CancellationToken.IsCancellationRequested && Classify(e, 0).IsRetryable),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e && Classify(e, 0).RetryAfter is { } wait
                    ? (TimeSpan?)(wait < settings.RetryMaxDelay ? wait : settings.RetryMaxDelay)
                    : null),
                OnRetry = args => Logged(() => LogRetry(_logger, Provider,
                    args.Outcome.Exception is { } e ? Classify(e, 0).Describe() : "?", args.AttemptNumber + 1, args.RetryDelay.TotalSeconds)),
            });
        }
        _retry = retry.Build();
    }

    public string Provider { get; }

    /// <summary>The breaker's state: Closed, Open, HalfOpen or Isolated.</summary>
    public CircuitState Circuit => _circuit.CircuitState;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var call = new Call(this, messages, options, cancellationToken);
        try
        {
            var response = await _retry.ExecuteAsync(static (c, _) => c.Owner._breaker.ExecuteAsync(
                static (c, _) => c.Owner.AttemptResponseAsync(c), c, c.Token), call, call.Token);
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[AttemptsKey] = call.Attempts;
            return response;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(exception, call);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = new Call(this, messages, options, cancellationToken);
        StreamAttempt attempt;
        try
        {
            attempt = await _retry.ExecuteAsync(static (c, _) => c.Owner._breaker.ExecuteAsync(
                static (c, _) => c.Owner.StartStreamAsync(c), c, c.Token), call, call.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(exception, call);
        }

        await using (attempt)
        {
            var text = new StringBuilder();
            for (var i = 0; i < attempt.FirstUpdates.Count; i++)
            {
                var update = attempt.FirstUpdates[i];
                if (i == 0)
                {
                    update.AdditionalProperties ??= [];
                    update.AdditionalProperties[AttemptsKey] = call.Attempts;
                }
                text.Append(update.Text);
                yield return update;
            }
            attempt.ForgetFirstUpdates();
            while (!attempt.Ended)
            {
                ChatResponseUpdate? next;
                try
                {
                    next = await attempt.NextAsync(_settings.IdleTimeout, e => call.TimerFired(e, LlmFailureKind.IdleTimeout));
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    throw await InterruptedAsync(exception, call, text.ToString());
                }
                if (next is null)
                {
                    break;
                }
                text.Append(next.Text);
                yield return next;
            }
        }
    }

    private async ValueTask<ChatResponse> AttemptResponseAsync(Call call)
    {
        call.Attempts++;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(call.Token);
        timer.CancelAfter(_settings.FirstTokenTimeout);
        try
        {
            return await InnerClient.GetResponseAsync(call.Messages, call.Options, timer.Token);
        }
        catch (Exception exception) when (timer.IsCancellationRequested)
        {
            throw call.TimerFired(exception, LlmFailureKind.FirstTokenTimeout);
        }
    }

    private async ValueTask<StreamAttempt> StartStreamAsync(Call call)
    {
        Utils.TurnTimeline.Mark("resilient.attempt");
        call.Attempts++;
        var timer = CancellationTokenSource.CreateLinkedTokenSource(call.Token);
        timer.CancelAfter(_settings.FirstTokenTimeout);
        var enumerator = InnerClient.GetStreamingResponseAsync(call.Messages, call.Options, timer.Token).GetAsyncEnumerator(timer.Token);
        var first = new List<ChatResponseUpdate>();
        try
        {
            while (await enumerator.MoveNextAsync())
            {
                first.Add(enumerator.Current);
                if (StreamAttempt.HasPayload(enumerator.Current))
                {
                    timer.CancelAfter(Timeout.InfiniteTimeSpan);
                    Utils.TurnTimeline.Mark("resilient.first_payload");
                    return new StreamAttempt(enumerator, timer, first, ended: false);
                }
            }
            return new StreamAttempt(enumerator, timer, first, ended: true);
        }
        catch (Exception exception)
        {
            await StreamAttempt.DisposeQuietlyAsync(enumerator);
            var fired = timer.IsCancellationRequested;
            timer.Dispose();
            if (fired)
            {
                throw call.TimerFired(exception, LlmFailureKind.FirstTokenTimeout);
            }
            throw;
        }
    }
}
