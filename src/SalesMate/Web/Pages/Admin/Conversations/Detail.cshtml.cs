using SalesMate.Repositories;

namespace SalesMate.Web.Pages.Admin.Conversations;

/// <summary>One conversation with each answer's pipeline details (intent, sentiment, stage, step timings, citations) and its model calls with cost.</summary>
public sealed class DetailModel(ConversationInsightQueries conversations) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Sales;

    public ConversationDetail Detail { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken) => Detail = await conversations.GetAsync(id, cancellationToken);

    public static string Ms(double ms) => ms >= 1000 ? $"{ms / 1000:0.0} s" : $"{ms:0} ms";
}
