using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Api.Middleware;
using SalesMate.Api.Routes;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Tenant settings, branding and role-play compliance phrases: the form becomes the JSON merge patch of PATCH /api/v1/admin/settings, run by the same handler.</summary>
public sealed class SettingsModel(SalesMateDbContext db, TenantAdministration tenants, AuditLog audit, TenantOrigins origins,
    IOptions<TrainingOptions> training) : WebPageModel
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
    [BindProperty] public string? CompliancePhrases { get; set; }

    public string TenantName { get; private set; } = "";

    /// <summary>The budget is the operator's limit: a tenant_admin sees it, a super_admin may change it.</summary>
    public bool MayChangeBudget => User.RoleOrNull() == Roles.SuperAdmin;
    public IReadOnlySet<string> Currencies => tenants.Currencies;

    /// <summary>training.compliance_phrases: what role-play scoring checks when the field is left empty.</summary>
    public string DefaultCompliancePhrasesText => string.Join('\n', training.Value.CompliancePhrases);

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
            ["allowed_origins"] = new JsonArray(Lines(AllowedOrigins)),
            ["sales_recipient_email"] = Text(SalesRecipientEmail),
            ["currency"] = Text(Currency) ?? "USD",
            ["model"] = Text(Model),
            ["temperature"] = Number(Temperature),
            ["max_tokens"] = Number(MaxTokens),
            ["demo_personas"] = DemoPersonas switch { "on" => true, "off" => false, _ => null },
            ["training"] = Lines(CompliancePhrases) is { Length: > 0 } phrases ? new JsonObject { ["compliance_phrases"] = new JsonArray(phrases) } : null,
        };
        if (MayChangeBudget)
        {
            patch["monthly_budget_usd"] = Number(MonthlyBudgetUsd);
        }
        var element = JsonSerializer.Deserialize<JsonElement>(patch.ToJsonString());
        if (await TryAsync(() => AdminSettingsEndpoints.Update(element, HttpContext, db, tenants, audit, origins, cancellationToken)))
        {
            return RedirectToPage(new { saved = true });
        }
        var current = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        TenantName = current.Name;
        if (!MayChangeBudget)
        {
            MonthlyBudgetUsd = current.Settings.MonthlyBudgetUsd?.ToString(CultureInfo.InvariantCulture); // a disabled input is not posted
        }
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
        CompliancePhrases = s.Training?.CompliancePhrases is { } phrases ? string.Join("\n", phrases) : null;
    }

    private static JsonNode?[] Lines(string? text) => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => (JsonNode?)JsonValue.Create(line)).ToArray();

    private static JsonNode? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : JsonValue.Create(value.Trim());

    /// <summary>A number stays a number in the patch; anything else is sent as text so the patch reports the field.</summary>
    private static JsonNode? Number(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : JsonValue.Create(value.Trim());
}
