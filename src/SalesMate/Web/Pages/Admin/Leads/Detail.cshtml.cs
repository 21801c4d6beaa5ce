using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;

namespace SalesMate.Web.Pages.Admin.Leads;

/// <summary>One lead: its scores and the signals (with their messages) behind them, contact, summary, history and the latest transcript.</summary>
public sealed class DetailModel(LeadQueries leads, SalesMateDbContext db, IOptions<LeadOptions> options) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Sales;

    public LeadDetailResponse Lead { get; private set; } = null!;
    public Guid? ShownConversationId { get; private set; }
    public IReadOnlyList<Message> Transcript { get; private set; } = [];

    /// <summary>Messages named by the explanation, so each signal can link to the message it came from.</summary>
    public HashSet<Guid> SignalMessages { get; } = [];

    public async Task OnGetAsync(Guid id, Guid? conversation, CancellationToken cancellationToken)
    {
        Lead = (await LeadEndpoints.Get(id, leads, db, options, cancellationToken)).Value!;
        ShownConversationId = conversation ?? (Lead.Conversations.Count > 0 ? Lead.Conversations[0].Id : null);
        if (ShownConversationId is { } conversationId)
        {
            Transcript = await leads.TranscriptAsync(id, conversationId, cancellationToken);
        }
        SignalMessages.UnionWith(Lead.Explanation.Signals.SelectMany(s => s.MessageIds));
    }
}
