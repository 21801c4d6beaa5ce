using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;

namespace SalesMate.Web;

/// <summary>What the layout shows around every page: the tenant's name and branding, the signed-in user, the theme.</summary>
public sealed class WebShell(SalesMateDbContext db, TenantContext tenant, IHttpContextAccessor accessor, IAntiforgery antiforgery,
    IOptions<ChatOptions> chat)
{
    public const string ThemeCookie = "sm_theme";
    private WebTenant? _tenant;

    public async Task<WebTenant> TenantAsync()
    {
        if (_tenant is not null)
        {
            return _tenant;
        }
        var row = tenant.IsResolved
            ? await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.TenantId).Select(t => new { t.Name, t.Slug, t.Settings }).FirstOrDefaultAsync()
            : null;
        var branding = row?.Settings.Branding ?? new TenantBranding();
        return _tenant = new WebTenant(row?.Name ?? "SalesMate", row?.Slug ?? "", branding.DisplayName ?? row?.Name ?? "SalesMate",
            branding.Greeting, branding.PrimaryColor, branding.LogoUrl);
    }

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No HTTP request.");

    public bool SignedIn => Http.User.IsSignedIn();

    public string? Email => Http.User.FindFirst(UserClaims.Email)?.Value;

    public bool IsAdmin => Http.User.RoleOrNull() is Roles.TenantAdmin or Roles.SuperAdmin;

    /// <summary>The sales team sees the leads dashboard.</summary>
    public bool IsSales => Http.User.RoleOrNull() is Roles.Sales;

    /// <summary>"clean" (default) or "terminal" (seed 002's retro look), from the visitor's <c>sm_theme</c> cookie.</summary>
    public string Theme => Http.Request.Cookies[ThemeCookie] == "terminal" ? "terminal" : "clean";

    public string CsrfToken => antiforgery.GetAndStoreTokens(Http).RequestToken ?? "";

    public ChatInputOptions Input => chat.Value.Input;

    public int MaxMessageChars => chat.Value.MaxMessageChars;

    /// <summary>A path under the tenant and agent prefix (e.g. "/t/acme/a/sales/api/v1/chat/start").</summary>
    public string Url(string path) => $"{Http.Request.PathBase}{path}";
}

public sealed record WebTenant(string Name, string Slug, string DisplayName, string? Greeting, string? PrimaryColor, string? LogoUrl);
