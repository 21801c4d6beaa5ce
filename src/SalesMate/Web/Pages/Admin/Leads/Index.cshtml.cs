using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Repositories;

namespace SalesMate.Web.Pages.Admin.Leads;

/// <summary>The leads dashboard: hot leads first (then warm, cold; most recent activity first within each), and the escalated conversations waiting for a person.</summary>
public sealed class IndexModel(LeadQueries leads, ConversationInsightQueries conversations) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Sales;

    public IReadOnlyList<LeadListItem> Leads { get; private set; } = [];
    public IReadOnlyList<ConversationRow> Escalations { get; private set; } = [];
    public string? Temperature { get; private set; }
    public string? Query { get; private set; }

    public async Task OnGetAsync(string? temperature, string? q, CancellationToken cancellationToken)
    {
        Temperature = LeadTemperatures.All.Contains(temperature) ? temperature : null;
        Query = q;
        await TryAsync(async () =>
        {
            var found = await LeadEndpoints.List(Temperature, null, q, LeadQueries.MaxLimit, leads, cancellationToken);
            Leads = found.Value!.Leads.OrderBy(l => Array.IndexOf(LeadTemperatures.All, l.Temperature))
                .ThenByDescending(l => l.IntentScore + l.EngagementScore).ThenByDescending(l => l.LastActivityAt).ToList();
        });
        Escalations = await conversations.RecentAsync(escalatedOnly: true, 20, cancellationToken);
    }
}
