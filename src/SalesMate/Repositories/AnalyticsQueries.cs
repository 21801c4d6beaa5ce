using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

/// <summary>A count per day (yyyy-MM-dd, UTC).</summary>
public sealed record DayCount(string Day, int Count);

/// <summary>A count per label (intent, sentiment, temperature).</summary>
public sealed record LabelCount(string Label, int Count);

/// <summary>Leads that became active on a day, by their temperature now.</summary>
public sealed record DayTemperatures(string Day, int Hot, int Warm, int Cold);

/// <summary>Answer latency (message metadata response_time_ms) over the answers that recorded it.</summary>
public sealed record LatencyStats(int Answers, double? P50Ms, double? P95Ms);

public sealed record ConversationAnalytics(
    DateTime From, DateTime To, IReadOnlyList<DayCount> ConversationsPerDay, IReadOnlyList<DayCount> MessagesPerDay,
    IReadOnlyList<LabelCount> Intents, IReadOnlyList<LabelCount> Sentiments, IReadOnlyList<LabelCount> LeadsByTemperature,
    IReadOnlyList<DayTemperatures> LeadsPerDay, LatencyStats Latency, IReadOnlyList<DayCount> InaccuracyReportsPerDay);

/// <summary>
/// Conversation analytics for the admin console over a period (tenant-filtered by the query filters), of the sales
/// agent's conversations only: a trainer's practice sessions are not shopper traffic. Intents, sentiment
/// and latency live in the messages' JSON metadata, so the assistant messages of the period are read (newest
/// <see cref="MaxAnswersRead"/>) and counted in memory; days are counted in memory from the timestamps alone.
/// </summary>
public sealed class AnalyticsQueries(SalesMateDbContext db)
{
    public const int MaxAnswersRead = 20_000;

    public async Task<ConversationAnalytics> ConversationsAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var conversations = db.Conversations.AsNoTracking().Where(c => c.Agent == Agents.Sales);
        var conversationTimes = await conversations.Where(c => c.CreatedAt >= from && c.CreatedAt < to)
            .Select(c => c.CreatedAt).ToListAsync(cancellationToken);
        var messages = db.Messages.AsNoTracking().Where(m => m.CreatedAt >= from && m.CreatedAt < to)
            .Join(conversations, m => m.ConversationId, c => c.Id, (m, _) => m);
        var messageTimes = await messages.Where(m => m.Role != MessageRole.System).Select(m => m.CreatedAt).ToListAsync(cancellationToken);
        // The welcome that opens every conversation (its first message) answers nobody: it is no shopper's intent.
        var answers = await messages.Where(m => m.Role == MessageRole.Assistant && m.Sequence > 1)
            .OrderByDescending(m => m.CreatedAt).Take(MaxAnswersRead).Select(m => m.Metadata).ToListAsync(cancellationToken);
        var leads = await db.Leads.AsNoTracking().Select(l => new { l.Temperature, l.LastActivityAt }).ToListAsync(cancellationToken);
        var reports = await db.MessageFeedback.AsNoTracking().Where(f => f.Inaccurate && f.UpdatedAt >= from && f.UpdatedAt < to)
            .Select(f => f.UpdatedAt).ToListAsync(cancellationToken);

        var days = Days(from, to);
        var leadsInPeriod = leads.Where(l => l.LastActivityAt >= from && l.LastActivityAt < to).ToList();
        return new ConversationAnalytics(from, to,
            PerDay(days, conversationTimes), PerDay(days, messageTimes),
            Labels(answers.Select(a => a.Intent)), Labels(answers.Select(a => a.Sentiment)),
            LeadTemperatures.All.Select(t => new LabelCount(t, leads.Count(l => l.Temperature == t))).ToList(),
            days.Select(d => new DayTemperatures(d,
                leadsInPeriod.Count(l => Day(l.LastActivityAt) == d && l.Temperature == LeadTemperatures.Hot),
                leadsInPeriod.Count(l => Day(l.LastActivityAt) == d && l.Temperature == LeadTemperatures.Warm),
                leadsInPeriod.Count(l => Day(l.LastActivityAt) == d && l.Temperature == LeadTemperatures.Cold))).ToList(),
            Latency(answers.Where(a => a.ResponseTimeMs is > 0).Select(a => a.ResponseTimeMs!.Value).ToList()),
            PerDay(days, reports));
    }

    public static string Day(DateTime at) => at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Days(DateTime from, DateTime to)
    {
        var days = new List<string>();
        for (var day = from.Date; day < to; day = day.AddDays(1))
        {
            days.Add(Day(day));
        }
        return days;
    }

    private static List<DayCount> PerDay(List<string> days, List<DateTime> times)
    {
        var counts = times.GroupBy(Day).ToDictionary(g => g.Key, g => g.Count());
        return days.Select(d => new DayCount(d, counts.GetValueOrDefault(d))).ToList();
    }

    private static List<LabelCount> Labels(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v)).GroupBy(v => v!).Select(g => new LabelCount(g.Key, g.Count()))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();

    /// <summary>Nearest-rank percentiles.</summary>
    private static LatencyStats Latency(List<double> times)
    {
        if (times.Count == 0)
        {
            return new LatencyStats(0, null, null);
        }
        times.Sort();
        double At(double p) => Math.Round(times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)], 1);
        return new LatencyStats(times.Count, At(0.50), At(0.95));
    }
}
