using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>streaming</c>: SSE replay, heartbeats and the key that signs stream ids.</summary>
public sealed class StreamingOptions
{
    public const string Section = "streaming";

    /// <summary>How long after an answer ends its events can still be replayed with Last-Event-ID.</summary>
    [ConfigurationKeyName("replay_window_minutes")]
    public int ReplayWindowMinutes { get; set; } = 10;

    [ConfigurationKeyName("heartbeat_seconds")]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>The SSE <c>retry:</c> hint sent to clients.</summary>
    [ConfigurationKeyName("retry_ms")]
    public int RetryMs { get; set; } = 2000;

    /// <summary>How often a listener on another instance polls the database for new events.</summary>
    [ConfigurationKeyName("poll_ms")]
    public int PollMs { get; set; } = 200;

    /// <summary>HMAC key for stream ids; set the same value on every instance. Empty: a random key per process (one instance only).</summary>
    [ConfigurationKeyName("signing_key")]
    public string? SigningKey { get; set; }

    /// <summary>
    /// A stream that produced nothing for this long while its instance is gone (crashed) is ended as incomplete, so
    /// listeners elsewhere stop waiting. Longer than the worst wait for a first token with retries.
    /// </summary>
    [ConfigurationKeyName("orphan_after_seconds")]
    public int OrphanAfterSeconds { get; set; } = 300;

    /// <summary>How long in-flight answers may take to finish when the app shuts down.</summary>
    [ConfigurationKeyName("shutdown_grace_seconds")]
    public int ShutdownGraceSeconds { get; set; } = 20;

    internal IEnumerable<string> Validate()
    {
        if (ReplayWindowMinutes is < 1 or > 1440)
        {
            yield return $"streaming.replay_window_minutes must be between 1 and 1440; got {ReplayWindowMinutes}.";
        }
        if (HeartbeatSeconds is < 1 or > 300)
        {
            yield return $"streaming.heartbeat_seconds must be between 1 and 300; got {HeartbeatSeconds}.";
        }
        if (RetryMs is < 100 or > 60_000)
        {
            yield return $"streaming.retry_ms must be between 100 and 60000; got {RetryMs}.";
        }
        if (PollMs is < 20 or > 5000)
        {
            yield return $"streaming.poll_ms must be between 20 and 5000; got {PollMs}.";
        }
        if (SigningKey is { Length: > 0 and < 32 })
        {
            yield return "streaming.signing_key must be at least 32 characters.";
        }
        if (OrphanAfterSeconds is < 1 or > 86_400)
        {
            yield return $"streaming.orphan_after_seconds must be between 1 and 86400; got {OrphanAfterSeconds}.";
        }
        if (ShutdownGraceSeconds is < 0 or > 600)
        {
            yield return $"streaming.shutdown_grace_seconds must be between 0 and 600; got {ShutdownGraceSeconds}.";
        }
    }
}
