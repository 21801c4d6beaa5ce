using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Repositories;
using SalesMate.Services.Leads;
using Microsoft.AspNetCore.Mvc;

namespace SalesMate.Web.Pages.Admin.Leads;

/// <summary>The leads dashboard: hot leads first (then warm, cold; most recent activity first within each), and the escalated conversations waiting for a person.</summary>
public sealed class IndexModel(LeadQueries leads, ConversationInsightQueries conversations, EscalationHandling escalations) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Sales;

    public IReadOnlyList<LeadListItem> Leads { get; private set; } = [];
    public IReadOnlyList<EscalationResponse> Escalations { get; private set; } = [];
    public string? Temperature { get; private set; }
    public string? Query { get; private set; }

    public async Task OnGetAsync(string? temperature, string? q, bool handled, CancellationToken cancellationToken)
    {
        Notice = handled ? "Escalation marked handled." : null;
        Temperature = LeadTemperatures.All.Contains(temperature) ? temperature : null;
        Query = q;
        await TryAsync(async () =>
        {
            var found = await LeadEndpoints.List(Temperature, null, q, LeadQueries.MaxLimit, leads, cancellationToken);
            Leads = found.Value!.Leads.OrderBy(l => Array.IndexOf(LeadTemperatures.All, l.Temperature))
                .ThenByDescending(l => l.IntentScore + l.EngagementScore).ThenByDescending(l => l.LastActivityAt).ToList();
        });
        Escalations = (await EscalationEndpoints.Waiting(conversations, cancellationToken)).Value!.Escalations;
    }

    /// <summary>"Mark handled" on a waiting escalation (the API's handler: lead event + audit entry), then back to the list.</summary>
    public async Task<IActionResult> OnPostHandledAsync(Guid conversationId, string? temperature, string? q, CancellationToken cancellationToken)
    {
        if (await TryAsync(() => EscalationEndpoints.MarkHandled(conversationId, HttpContext, escalations, cancellationToken)))
        {
            return RedirectToPage(new { temperature, q, handled = true });
        }
        await OnGetAsync(temperature, q, false, cancellationToken);
        return Page();
    }
}
