using SalesMate.Repositories;

namespace SalesMate.Web.Pages.Admin.Conversations;

/// <summary>Recent conversations (or only the escalated ones), each opening the viewer with its pipeline details.</summary>
public sealed class IndexModel(ConversationInsightQueries conversations) : WebPageModel
{
    public const int Shown = 100;

    protected override PageAccess Access => PageAccess.Sales;

    public IReadOnlyList<ConversationRow> Items { get; private set; } = [];
    public bool EscalatedOnly { get; private set; }

    public async Task OnGetAsync(bool escalated, CancellationToken cancellationToken)
    {
        EscalatedOnly = escalated;
        Items = await conversations.RecentAsync(escalated, Shown, cancellationToken);
    }
}
