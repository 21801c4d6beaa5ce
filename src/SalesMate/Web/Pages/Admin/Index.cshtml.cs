using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Admin overview: the shop at a glance, with links into each area.</summary>
public sealed class IndexModel(SalesMateDbContext db) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Admin;

    public int Products { get; private set; }
    public int Documents { get; private set; }
    public int Conversations { get; private set; }
    public int Users { get; private set; }
    public int Reports { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Products = await db.Products.CountAsync(cancellationToken);
        Documents = await db.Documents.CountAsync(cancellationToken);
        Conversations = await db.Conversations.CountAsync(cancellationToken);
        Users = await db.Users.CountAsync(cancellationToken);
        Reports = await db.MessageFeedback.CountAsync(f => f.Inaccurate, cancellationToken);
    }
}
