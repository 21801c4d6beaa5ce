using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm;
using SalesMate.Services.Profiles;
using SalesMate.Vector;

namespace SalesMate.Services.Leads;

/// <summary>
/// Updates the shopper's lead after a turn: records the turn's signals (with its message id), products of interest,
/// objections and contact details, recomputes both scores and the temperature with the tenant's rules, and when they
/// change adds a <see cref="LeadEvent"/> and a usage event (<c>lead.scored</c> / <c>lead.temperature_changed</c>).
/// Rows are added to the turn's unit of work, never saved here. The lead is written only over the version read
/// (<see cref="Lead.Version"/>): when another turn of the same shopper saved first, <see cref="RescoreAsync"/> scores the
/// turn again on the stored lead.
/// </summary>
public sealed class LeadScorer(SalesMateDbContext db, IOptions<LeadOptions> options)
{
    private sealed record Scoring(TurnInsights Turn, CatalogSnapshot Catalog, TenantSettings Settings, IReadOnlyList<ProfileFact> Learned);

    private Scoring? _last;
    private Lead? _lead;
    private readonly List<object> _added = [];

    /// <summary>Occurrences of one signal kept on a lead; more never change a score (max_count is at most 100, but defaults are far lower).</summary>
    public const int MaxSignalsPerName = 50;

    // Compiled: every turn runs one of them (the query cache lookup showed in the turn's profile).
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, Task<Lead?>>> LeadOfUser = new(() => EF.CompileAsyncQuery(
        (SalesMateDbContext db, Guid userId) => db.Leads.FirstOrDefault(l => l.UserId == userId)));

    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, Task<Lead?>>> LeadOfSession = new(() => EF.CompileAsyncQuery(
        (SalesMateDbContext db, Guid sessionId) => db.Leads.FirstOrDefault(l => l.SessionId == sessionId && l.UserId == null)));

    public async Task<Lead> ScoreAsync(TurnInsights turn, CatalogSnapshot catalog, TenantSettings settings, IReadOnlyList<ProfileFact> learned,
        CancellationToken cancellationToken)
    {
        _last = new Scoring(turn, catalog, settings, learned);
        var lead = turn is { UserId: null, SessionLead: { } known } ? Known(known, turn) : await FindOrCreateAsync(turn, cancellationToken);
        return Score(lead, _last);
    }

    /// <summary>
    /// After the turn's save failed on the lead (another turn of the shopper wrote it, or created it, first): forgets what
    /// the last <see cref="ScoreAsync"/> added and changed, and scores the same turn again on the lead as stored now.
    /// </summary>
    public async Task RescoreAsync(CancellationToken cancellationToken)
    {
        if (_last is not { } last)
        {
            return;
        }
        foreach (var row in _added)
        {
            db.Entry(row).State = EntityState.Detached;
        }
        _added.Clear();
        if (_lead is { } stale)
        {
            db.Entry(stale).State = EntityState.Detached;
        }
        Score(await FindOrCreateAsync(last.Turn, cancellationToken), last);
    }

    private Lead Score(Lead lead, Scoring scoring)
    {
        var (turn, catalog, settings, learned) = scoring;
        _lead = lead;
        lead.Version++;
        var rules = LeadSignals.Resolve(options.Value, settings.Leads);
        var observed = Observe(turn, catalog, learned, lead);

        Record(lead, observed);
        lead.Products = Interest(lead.Products, turn, catalog, observed);
        lead.Objections = Objections(lead.Objections, turn);
        foreach (var fact in learned)
        {
            switch (fact.Kind)
            {
                case ProfileFactKinds.Name: lead.Name = fact.Value; break;
                case ProfileFactKinds.Email: lead.Email = fact.Value; break;
                case ProfileFactKinds.Phone: lead.Phone = fact.Value; break;
            }
        }
        lead.Sentiment = turn.Sentiment;
        lead.LastConversationId = turn.ConversationId;
        lead.LastActivityAt = turn.At;
        lead.UpdatedAt = turn.At;

        var (engagementBefore, intentBefore, temperatureBefore) = (lead.EngagementScore, lead.IntentScore, lead.Temperature);
        (lead.EngagementScore, lead.IntentScore) = rules.Score(lead.SignalCounts);
        lead.Temperature = rules.Temperature(lead.EngagementScore, lead.IntentScore);
        if (lead.EngagementScore != engagementBefore || lead.IntentScore != intentBefore || lead.Temperature != temperatureBefore)
        {
            var kind = lead.Temperature != temperatureBefore ? LeadEventKinds.TemperatureChanged : LeadEventKinds.Scored;
            Add(new LeadEvent
            {
                Id = Guid.CreateVersion7(),
                LeadId = lead.Id,
                ConversationId = turn.ConversationId,
                MessageId = turn.UserMessageId,
                Kind = kind,
                EngagementBefore = engagementBefore,
                EngagementAfter = lead.EngagementScore,
                IntentBefore = intentBefore,
                IntentAfter = lead.IntentScore,
                TemperatureBefore = temperatureBefore,
                TemperatureAfter = lead.Temperature,
                Signals = observed,
                CreatedAt = turn.At,
            });
            Add(new UsageEvent
            {
                Id = Guid.CreateVersion7(),
                Action = $"lead.{kind}",
                SessionId = turn.SessionId,
                ConversationId = turn.ConversationId,
                Metadata = new Dictionary<string, string>
                {
                    ["lead_id"] = lead.Id.ToString(),
                    ["temperature"] = lead.Temperature,
                    ["previous_temperature"] = temperatureBefore,
                    ["engagement"] = lead.EngagementScore.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["intent"] = lead.IntentScore.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["signals"] = string.Join(",", observed.Select(s => s.Name).Distinct()),
                },
                CreatedAt = turn.At,
            });
        }
        return lead;
    }

    private void Add(object row)
    {
        db.Add(row);
        _added.Add(row);
    }

    /// <summary>
    /// Adds a row per observed signal (up to <see cref="MaxSignalsPerName"/> per name) after the lead's recorded ones,
    /// and replaces the lead's counts (a new list, so its JSON column is seen as changed).
    /// </summary>
    private void Record(Lead lead, List<LeadSignal> observed)
    {
        var counts = new SignalTally(lead.SignalCounts);
        var position = counts.Total;
        foreach (var signal in observed)
        {
            if (counts.Of(signal.Name) >= MaxSignalsPerName)
            {
                continue;
            }
            counts.Add(signal.Name, 1);
            Add(new LeadSignalOccurrence
            {
                Id = Guid.CreateVersion7(),
                LeadId = lead.Id,
                Position = position++,
                Name = signal.Name,
                MessageId = signal.MessageId,
                ConversationId = signal.ConversationId,
                At = signal.At,
                Detail = signal.Detail,
            });
        }
        if (counts.Changed)
        {
            lead.SignalCounts = counts.ToList();
        }
    }

    /// <summary>The session's lead as read before the answer, or a new one when it had none; a save over a changed one fails and rescores.</summary>
    private Lead Known(Conversations.SessionLead known, TurnInsights turn)
    {
        if (known.Lead is { } lead && db.Entry(lead).State == EntityState.Detached)
        {
            db.Leads.Attach(lead);
            return lead;
        }
        return known.Lead ?? Create(turn);
    }

    private async Task<Lead> FindOrCreateAsync(TurnInsights turn, CancellationToken cancellationToken)
    {
        var lead = turn.UserId is { } userId ? await LeadOfUser.For(db)(db, userId) : await LeadOfSession.For(db)(db, turn.SessionId);
        if (lead is null)
        {
            lead = Create(turn);
            if (turn.UserId is { } id && await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Email, u.DisplayName })
                    .FirstOrDefaultAsync(cancellationToken) is { } account)
            {
                lead.Email = account.Email;
                lead.Name = account.DisplayName;
            }
        }
        return lead;
    }

    private Lead Create(TurnInsights turn)
    {
        var lead = new Lead
        {
            Id = Guid.CreateVersion7(),
            UserId = turn.UserId,
            SessionId = turn.UserId is null ? turn.SessionId : null,
            CreatedAt = turn.At,
            LastActivityAt = turn.At,
            UpdatedAt = turn.At,
        };
        db.Leads.Add(lead);
        return lead;
    }

    /// <summary>The signals of this turn, each with the shopper's message id.</summary>
    internal static List<LeadSignal> Observe(TurnInsights turn, CatalogSnapshot catalog, IReadOnlyList<ProfileFact> learned, Lead lead)
    {
        var signals = new List<LeadSignal>();
        void Add(string name, string? detail = null) => signals.Add(new LeadSignal(name, turn.UserMessageId, turn.ConversationId, turn.At, detail));

        Add(LeadSignals.Message);
        if (lead.LastConversationId is { } last && last != turn.ConversationId)
        {
            Add(LeadSignals.ReturningVisit);
        }
        foreach (var id in turn.ShownProductIds)
        {
            Add(LeadSignals.ProductViewed, catalog.Find(id)?.Name);
        }
        foreach (var detected in LeadSignalRules.Detect(turn.Intent, turn.UserText))
        {
            Add(detected.Name, detected.Detail);
        }
        if (learned.Any(f => f.Kind is ProfileFactKinds.BudgetMax or ProfileFactKinds.BudgetMin))
        {
            Add(LeadSignals.BudgetStated, string.Join(" to ", learned.Where(f => f.Kind is ProfileFactKinds.BudgetMin or ProfileFactKinds.BudgetMax).Select(f => f.Value)));
        }
        foreach (var fact in learned)
        {
            var signal = fact.Kind switch
            {
                ProfileFactKinds.Name => LeadSignals.ContactName,
                ProfileFactKinds.Email => LeadSignals.ContactEmail,
                ProfileFactKinds.Phone => LeadSignals.ContactPhone,
                _ => null,
            };
            if (signal is not null)
            {
                Add(signal, fact.Kind);
            }
        }
        if (turn.Sentiment is "positive" or "excited")
        {
            Add(LeadSignals.PositiveSentiment, turn.Sentiment);
        }
        if (turn.Sentiment is "frustrated" or "negative" || turn.Frustration >= 6)
        {
            Add(LeadSignals.Frustration, $"{turn.Sentiment}, frustration {turn.Frustration}");
        }
        return signals;
    }

    private static List<ProductInterest> Interest(List<ProductInterest> current, TurnInsights turn, CatalogSnapshot catalog, List<LeadSignal> observed)
    {
        var level = observed.Any(s => s.Name is LeadSignals.VisitRequested or LeadSignals.DemoRequested or LeadSignals.BuyingLanguage)
            ? "requested"
            : turn.Intent is Intents.ProductDetail or Intents.Comparison ? "interested" : "viewed";
        // A visit or demo request is about the products on screen, which the answer may not show again.
        var ids = turn.ShownProductIds.Count > 0 || level == "viewed" ? turn.ShownProductIds : turn.State.LastShownProductIds;
        var products = current.ToDictionary(p => p.ProductId);
        foreach (var id in ids.Distinct())
        {
            var name = catalog.Find(id)?.Name ?? products.GetValueOrDefault(id)?.Name;
            if (name is null)
            {
                continue;
            }
            var views = turn.ShownProductIds.Contains(id) ? 1 : 0;
            products[id] = products.TryGetValue(id, out var known)
                ? known with { Views = known.Views + views, Level = Higher(known.Level, level), LastAt = turn.At }
                : new ProductInterest(id, name, views, level, turn.At);
        }
        return [.. products.Values.OrderByDescending(p => Rank(p.Level)).ThenByDescending(p => p.Views).Take(20)];
    }

    private static int Rank(string level) => level switch { "requested" => 2, "interested" => 1, _ => 0 };

    private static string Higher(string a, string b) => Rank(a) >= Rank(b) ? a : b;

    private static List<LeadObjection> Objections(List<LeadObjection> current, TurnInsights turn)
    {
        var raised = LeadSignalRules.Objections(turn.UserText).Select(o => o.Type).ToList();
        if (turn.Intent == Llm.Classification.ClassificationIntents.PriceObjection && !raised.Contains(ObjectionTypes.Price))
        {
            raised.Add(ObjectionTypes.Price);
        }
        if (raised.Count == 0)
        {
            return current;
        }
        var objections = current.ToDictionary(o => o.Type);
        foreach (var type in raised)
        {
            objections[type] = objections.TryGetValue(type, out var known)
                ? known with { Count = known.Count + 1, LastMessageId = turn.UserMessageId, LastAt = turn.At }
                : new LeadObjection(type, 1, turn.UserMessageId, turn.At);
        }
        return [.. objections.Values];
    }
}
