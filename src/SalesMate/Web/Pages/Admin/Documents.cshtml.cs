using Microsoft.AspNetCore.Mvc;
using SalesMate.Core.Entities;
using SalesMate.Repositories;

namespace SalesMate.Web.Pages.Admin;

/// <summary>
/// Knowledge documents. The page lists them (the table polls while any is queued or processing); upload, delete and
/// reindex call the knowledge API itself (/api/v1/rag/...) from htmx, authenticated by the sign-in cookie.
/// </summary>
public sealed class DocumentsModel(KnowledgeDocumentRepository documents) : WebPageModel
{
    public const int PageSize = 50;

    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<KnowledgeDocument> Items { get; private set; } = [];
    public int Total { get; private set; }
    public bool Pending => Items.Any(d => d.Status is DocumentStatus.Queued or DocumentStatus.Processing);

    public async Task OnGetAsync(CancellationToken cancellationToken) => (Items, Total) = await documents.ListAsync(null, null, 1, PageSize, cancellationToken);

    public async Task<IActionResult> OnGetTableAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Partial("_DocumentTable", this);
    }
}
