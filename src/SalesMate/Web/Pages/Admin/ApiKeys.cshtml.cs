using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.OpenAiCompat;

namespace SalesMate.Web.Pages.Admin;

/// <summary>API keys for /v1 and /api/v1/usage: list, create (the secret is shown once), revoke (handlers of /api/v1/admin/api-keys).</summary>
public sealed class ApiKeysModel(ApiKeyService keys, AuditLog audit, SalesMateDbContext db) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public string? NewSecret { get; private set; }

    [BindProperty] public string? Name { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Keys = await keys.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        await TryAsync(async () =>
        {
            var created = await AdminApiKeyEndpoints.Create(new CreateApiKeyRequest(Name?.Trim()), HttpContext, keys, audit, db, cancellationToken);
            NewSecret = created.Value!.Key;
            Name = null;
        });
        Keys = await keys.ListAsync(cancellationToken);
        return Page(); // rendered, not redirected: the secret must not land in a URL or be shown twice
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await TryAsync(() => AdminApiKeyEndpoints.Revoke(id, HttpContext, keys, audit, db, cancellationToken));
        Keys = await keys.ListAsync(cancellationToken);
        Notice ??= Errors.Count == 0 ? "Key revoked." : null;
        return Page();
    }
}
