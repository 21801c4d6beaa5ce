using System.Diagnostics;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Intelligence;

/// <summary>What the pipeline knows before the answer (the SSE <c>meta</c> event).</summary>
public sealed record TurnSignals(string Intent, string Sentiment, int Frustration, string Stage, bool Escalated);

/// <summary>What the pipeline added to a finished turn: stored on the answer's metadata and handed to turn observers.</summary>
public sealed record PipelineOutcome
{
    public required string Intent { get; init; }
    public required string Sentiment { get; init; }
    public int Frustration { get; init; }
    public required string Stage { get; init; }
    public double Engagement { get; init; }

    /// <summary>This answer offered a human; <see cref="EscalationReason"/> says why (request, complaint, frustration).</summary>
    public bool EscalationOffered { get; init; }
    public string? EscalationReason { get; init; }

    /// <summary>The conversation is flagged for sales (now or earlier).</summary>
    public bool Escalated { get; init; }
    public IReadOnlyList<string> Nudges { get; init; } = [];
    public bool WelcomedBack { get; init; }

    /// <summary>model or rules: where the intent came from.</summary>
    public string ClassifiedBy { get; init; } = "rules";
    public string Tone { get; init; } = ToneAdjustment.NoneKind;
    public IReadOnlyDictionary<string, double> Steps { get; init; } = new Dictionary<string, double>();

    public MessageMetadata Annotate(MessageMetadata metadata) => metadata with
    {
        Intent = Intent,
        Sentiment = Sentiment,
        Frustration = Frustration,
        Stage = Stage,
        Engagement = Engagement,
        EscalationOffered = EscalationOffered,
        Nudges = [.. Nudges],
        Steps = new Dictionary<string, double>(Steps),
    };

    public TurnInsights Annotate(TurnInsights insights) => insights with
    {
        Intent = Intent,
        Sentiment = Sentiment,
        Frustration = Frustration,
        Stage = Stage,
        Engagement = Engagement,
        EscalationOffered = EscalationOffered,
    };
}

/// <summary>Steps 1 and 9 of the pipeline as read with the turn: the welcome back (null: none) and how long reading it took.</summary>
public sealed record PipelineOpening(string? WelcomeBack, double LoadMs)
{
    public static readonly PipelineOpening None = new(null, 0);
}

/// <summary>Milliseconds per pipeline step, in the order they ran (<c>classify_ms</c>, …).</summary>
public sealed class StepTimes
{
    private readonly Dictionary<string, double> _steps = new(StringComparer.Ordinal);

    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>A step timed elsewhere (preprocessing runs before the pipeline); nothing when it did not run.</summary>
    public void Record(string step, double? milliseconds)
    {
        if (milliseconds is { } value)
        {
            _steps[step] = Math.Round(value, 2);
        }
    }

    public void Stop(string step, long started) =>
        _steps[step] = Math.Round(_steps.GetValueOrDefault(step) + Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);

    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>(_steps);
}
