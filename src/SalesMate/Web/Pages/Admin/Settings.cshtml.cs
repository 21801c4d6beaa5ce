using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Middleware;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Tenant settings and branding: the form becomes the JSON merge patch of PATCH /api/v1/admin/settings, run by the same handler.</summary>
public sealed class SettingsModel(SalesMateDbContext db, TenantAdministration tenants, AuditLog audit, TenantOrigins origins) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Admin;

    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Greeting { get; set; }
    [BindProperty] public string? PrimaryColor { get; set; }
    [BindProperty] public string? LogoUrl { get; set; }
    [BindProperty] public string? AllowedOrigins { get; set; }
    [BindProperty] public string? SalesRecipientEmail { get; set; }
    [BindProperty] public string? Currency { get; set; }
    [BindProperty] public string? Model { get; set; }
    [BindProperty] public string? Temperature { get; set; }
    [BindProperty] public string? MaxTokens { get; set; }
    [BindProperty] public string? MonthlyBudgetUsd { get; set; }
    [BindProperty] public string? DemoPersonas { get; set; }

    public string TenantName { get; private set; } = "";
    public IReadOnlySet<string> Currencies => tenants.Currencies;

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        Fill(tenant);
        Notice = saved ? "Settings saved." : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["branding"] = new JsonObject
            {
                ["display_name"] = Text(DisplayName),
                ["greeting"] = Text(Greeting),
                ["primary_color"] = Text(PrimaryColor),
                ["logo_url"] = Text(LogoUrl),
            },
            ["allowed_origins"] = new JsonArray((AllowedOrigins ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["sales_recipient_email"] = Text(SalesRecipientEmail),
            ["currency"] = Text(Currency) ?? "USD",
            ["model"] = Text(Model),
            ["temperature"] = Number(Temperature),
            ["max_tokens"] = Number(MaxTokens),
            ["monthly_budget_usd"] = Number(MonthlyBudgetUsd),
            ["demo_personas"] = DemoPersonas switch { "on" => true, "off" => false, _ => null },
        };
        var element = JsonSerializer.Deserialize<JsonElement>(patch.ToJsonString());
        if (await TryAsync(() => AdminSettingsEndpoints.Update(element, HttpContext, db, tenants, audit, origins, cancellationToken)))
        {
            return RedirectToPage(new { saved = true });
        }
        TenantName = (await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == db.CurrentTenantId, cancellationToken)).Name;
        return Page();
    }

    private void Fill(Tenant tenant)
    {
        var s = tenant.Settings;
        TenantName = tenant.Name;
        DisplayName = s.Branding.DisplayName;
        Greeting = s.Branding.Greeting;
        PrimaryColor = s.Branding.PrimaryColor;
        LogoUrl = s.Branding.LogoUrl;
        AllowedOrigins = string.Join("\n", s.AllowedOrigins);
        SalesRecipientEmail = s.SalesRecipientEmail;
        Currency = s.Currency;
        Model = s.Model;
        Temperature = s.Temperature?.ToString(CultureInfo.InvariantCulture);
        MaxTokens = s.MaxTokens?.ToString(CultureInfo.InvariantCulture);
        MonthlyBudgetUsd = s.MonthlyBudgetUsd?.ToString(CultureInfo.InvariantCulture);
        DemoPersonas = s.DemoPersonas switch { true => "on", false => "off", null => "" };
    }

    private static JsonNode? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : JsonValue.Create(value.Trim());

    /// <summary>A number stays a number in the patch; anything else is sent as text so the patch reports the field.</summary>
    private static JsonNode? Number(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : JsonValue.Create(value.Trim());
}
