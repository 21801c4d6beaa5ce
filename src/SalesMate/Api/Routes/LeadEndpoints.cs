using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Auth;
using SalesMate.Services.Leads;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/leads: scored leads for the sales team (sales and tenant_admin roles).</summary>
public static class LeadEndpoints
{
    public static RouteGroupBuilder MapLeadEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/leads").WithTags("Leads").RequireAuthorization(AuthPolicies.Sales);
        group.MapGet("/", List).WithName("ListLeads");
        group.MapGet("/{id:guid}", Get).WithName("GetLead");
        group.MapGet("/{id:guid}/conversations/{conversationId:guid}/messages", Transcript).WithName("LeadTranscript");
        return group;
    }

    public static async Task<Ok<LeadListResponse>> List(string? temperature, string? since, string? q, int? limit, LeadQueries leads,
        CancellationToken cancellationToken)
    {
        if (temperature is not null && !LeadTemperatures.All.Contains(temperature))
        {
            throw new RequestValidationException("temperature", $"temperature must be one of {string.Join(", ", LeadTemperatures.All)}.");
        }
        DateTime? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new RequestValidationException("since", "since must be an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z.");
            }
            from = parsed.UtcDateTime;
        }
        if (limit is < 1 or > LeadQueries.MaxLimit)
        {
            throw new RequestValidationException("limit", $"limit must be between 1 and {LeadQueries.MaxLimit}.");
        }
        if (q is { Length: > 200 })
        {
            throw new RequestValidationException("q", "q must be at most 200 characters.");
        }
        var found = await leads.ListAsync(temperature, from, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), limit ?? 50, cancellationToken);
        return TypedResults.Ok(new LeadListResponse(found.Select(l => new LeadListItem(l.Id, l.Temperature, l.EngagementScore, l.IntentScore,
            Contact(l), l.Products.Select(p => p.Name).ToList(), Counters(l), l.Summary, l.LastActivityAt, $"/api/v1/leads/{l.Id}")).ToList()));
    }

    public static async Task<Ok<LeadDetailResponse>> Get(Guid id, LeadQueries leads, SalesMateDbContext db, IOptions<LeadOptions> options,
        CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(id, cancellationToken);
        var settings = await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.Settings).FirstAsync(cancellationToken);
        var rules = LeadSignals.Resolve(options.Value, settings.Leads);
        var conversations = await leads.ConversationsOf(lead).AsNoTracking().OrderByDescending(c => c.LastMessageAt)
            .Select(c => new LeadConversation(c.Id, c.Title, c.MessageCount, c.CreatedAt, c.LastMessageAt, c.SummarizedAt, ""))
            .ToListAsync(cancellationToken);
        conversations = conversations.Select(c => c with { TranscriptUrl = TranscriptUrl(lead.Id, c.Id) }).ToList();
        var events = await leads.EventsAsync(lead.Id, cancellationToken);
        var facts = await leads.FactsAsync(lead, cancellationToken);
        var signals = await leads.SignalsAsync(lead.Id, cancellationToken);
        var latest = lead.LastConversationId ?? conversations.FirstOrDefault()?.Id;
        return TypedResults.Ok(new LeadDetailResponse(
            lead.Id, lead.UserId, lead.Temperature, lead.EngagementScore, lead.IntentScore, Explain(lead, signals, rules), Contact(lead),
            lead.Products, lead.Objections, Counters(lead), lead.Sentiment, lead.Summary, lead.LastActivityAt, lead.CreatedAt,
            latest is { } conversationId ? TranscriptUrl(lead.Id, conversationId) : null,
            conversations,
            events.Select(e => new LeadEventResponse(e.Id, e.Kind, e.EngagementBefore, e.EngagementAfter, e.IntentBefore, e.IntentAfter,
                e.TemperatureBefore, e.TemperatureAfter, e.Signals, e.ConversationId, e.MessageId, e.CreatedAt)).ToList(),
            facts.Select(LearnedFactResponse.From).ToList()));
    }

    public static async Task<Ok<MessagesResponse>> Transcript(Guid id, Guid conversationId, LeadQueries leads, CancellationToken cancellationToken)
    {
        var messages = await leads.TranscriptAsync(id, conversationId, cancellationToken);
        return TypedResults.Ok(new MessagesResponse(conversationId, messages.Select(MessageResponse.From).ToList()));
    }

    private static string TranscriptUrl(Guid leadId, Guid conversationId) => $"/api/v1/leads/{leadId}/conversations/{conversationId}/messages";

    private static LeadContact Contact(Lead lead) => new(lead.Name, lead.Email, lead.Phone);

    private static LeadCounters Counters(Lead lead)
    {
        int Count(string signal) => lead.SignalCounts.FirstOrDefault(s => s.Name == signal)?.Count ?? 0;
        return new LeadCounters(Count(LeadSignals.VisitRequested), Count(LeadSignals.DemoRequested), Count(LeadSignals.CallbackRequested),
            Count(LeadSignals.BrochureRequested));
    }

    private static LeadScoreExplanation Explain(Lead lead, IReadOnlyList<LeadSignalOccurrence> signals, LeadScoringRules rules)
    {
        var items = signals.GroupBy(s => s.Name).Select(g =>
        {
            var points = rules.Points.GetValueOrDefault(g.Key);
            var counted = Math.Min(g.Count(), points?.MaxCount ?? 0);
            return new LeadExplanationItem(g.Key, LeadSignals.Label(g.Key), g.Count(), counted,
                Math.Round(counted * (points?.Engagement ?? 0), 2), Math.Round(counted * (points?.Intent ?? 0), 2),
                g.Where(s => s.MessageId is not null).Select(s => s.MessageId!.Value).Distinct().ToList());
        }).OrderByDescending(i => Math.Abs(i.IntentPoints) + Math.Abs(i.EngagementPoints)).ToList();
        return new LeadScoreExplanation(rules.Combined(lead.EngagementScore, lead.IntentScore), rules.HotThreshold, rules.WarmThreshold,
            rules.IntentWeight, rules.EngagementWeight, items);
    }
}
