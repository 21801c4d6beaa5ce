using SalesMate.Config;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>The timers, retry and circuit-breaker settings of <see cref="ResilientChatClient"/>, from <see cref="LlmOptions"/>.</summary>
public sealed record LlmResilienceSettings(
    TimeSpan FirstTokenTimeout,
    TimeSpan IdleTimeout,
    TimeSpan TotalTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    public static LlmResilienceSettings From(LlmOptions options) => new(
        TimeSpan.FromSeconds(options.FirstTokenTimeoutSeconds),
        TimeSpan.FromSeconds(options.IdleTimeoutSeconds),
        TimeSpan.FromSeconds(options.TotalTimeoutSeconds),
        options.MaxRetries,
        TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
        TimeSpan.FromSeconds(options.RetryMaxDelaySeconds),
        options.CircuitBreaker.FailureRatio,
        options.CircuitBreaker.MinimumThroughput,
        TimeSpan.FromSeconds(options.CircuitBreaker.SamplingDurationSeconds),
        TimeSpan.FromSeconds(options.CircuitBreaker.BreakDurationSeconds));
}
