using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>Failure mapping, logging and per-call state of <see cref="ResilientChatClient"/>.</summary>
public sealed partial class ResilientChatClient
{
    private LlmFailure Classify(Exception exception, int attempts) => LlmFaults.Classify(exception, attempts, _clock);

    private LlmUnavailableException Unavailable(Exception exception, Call call)
    {
        var failure = exception is OperationCanceledException && call.TotalExpired
            ? new LlmFailure(LlmFailureKind.TotalTimeout, null, null, call.Attempts)
            : Classify(exception, call.Attempts);
        var message = failure.Kind switch
        {
            LlmFailureKind.CircuitOpen => $"LLM provider '{Provider}' is unavailable after repeated failures; calls resume " +
                                          $"in about {Math.Ceiling((failure.RetryAfter ?? _settings.BreakDuration).TotalSeconds)} s.",
            LlmFailureKind.Rejected or LlmFailureKind.Unauthorized =>
                $"LLM provider '{Provider}' refused the request: {failure.Describe()}.",
            _ => $"LLM provider '{Provider}' is unavailable: {failure.Describe()} after {call.Attempts} attempt(s).",
        };
        return new LlmUnavailableException(Provider, message, exception, failure);
    }

    private async ValueTask<LlmStreamInterruptedException> InterruptedAsync(Exception exception, Call call, string partialText)
    {
        var failure = exception is OperationCanceledException && call.TotalExpired
            ? new LlmFailure(LlmFailureKind.TotalTimeout, null, null, call.Attempts)
            : Classify(exception, call.Attempts);
        if (failure.CountsAgainstProvider)
        {
            // The breaker saw this call succeed at its first chunk; a stream that breaks later is reported as well,
            // so a provider that keeps dropping streams still opens the circuit.
            try
            {
                await _breaker.ExecuteAsync(static (e, _) => ValueTask.FromException(e), exception, CancellationToken.None);
            }
            catch (Exception)
            {
                // Expected: the reported exception itself, or BrokenCircuitException while a probe is in flight.
            }
        }
        LogInterrupted(_logger, Provider, failure.Describe(), partialText.Length);
        return new LlmStreamInterruptedException(Provider, partialText,
            $"The answer from LLM provider '{Provider}' was interrupted after {partialText.Length} characters: {failure.Describe()}.",
            exception, failure);
    }

    private static ValueTask Logged(Action log)
    {
        log();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM provider {Provider} circuit opened for {BreakSeconds} s")]
    private static partial void LogCircuitOpened(ILogger logger, string provider, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM provider {Provider} circuit half-open: letting a probe call through")]
    private static partial void LogCircuitHalfOpen(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM provider {Provider} circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM provider {Provider} call failed ({Reason}); retry {Retry} in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string provider, string reason, int retry, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM provider {Provider} stream interrupted ({Reason}) after {Chars} characters")]
    private static partial void LogInterrupted(ILogger logger, string provider, string reason, int chars);

    /// <summary>Per-call state: the messages, the total-timeout token and the number of upstream attempts.</summary>
    private sealed class Call : IDisposable
    {
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _total;

        public Call(ResilientChatClient owner, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken caller)
        {
            Owner = owner;
            Messages = messages as IList<ChatMessage> ?? [.. messages];
            Options = options;
            _caller = caller;
            _total = CancellationTokenSource.CreateLinkedTokenSource(caller);
            _total.CancelAfter(owner._settings.TotalTimeout);
        }

        public ResilientChatClient Owner { get; }
        public IList<ChatMessage> Messages { get; }
        public ChatOptions? Options { get; }
        public int Attempts { get; set; }
        public CancellationToken Token => _total.Token;
        public bool TotalExpired => _total.IsCancellationRequested && !_caller.IsCancellationRequested;

        /// <summary>A linked timer fired: caller cancellation stays as it is; otherwise it is the total or the given timeout.</summary>
        public Exception TimerFired(Exception original, LlmFailureKind kind) =>
            _caller.IsCancellationRequested
                ? original as OperationCanceledException ?? new OperationCanceledException("The caller cancelled the LLM call.", original, _caller)
            : TotalExpired ? new LlmTimeoutException(LlmFailureKind.TotalTimeout, Owner._settings.TotalTimeout)
            : new LlmTimeoutException(kind, kind == LlmFailureKind.IdleTimeout ? Owner._settings.IdleTimeout : Owner._settings.FirstTokenTimeout);

        public void Dispose() => _total.Dispose();
    }
}
