using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Admin;

/// <summary>
/// Applies a JSON merge patch to a tenant's settings: widget origins, sales recipient, model and budget overrides,
/// branding, the personas demo, coaching, lead scoring, role-play compliance phrases. Every value is checked; problems
/// are reported per field (e.g. <c>settings.temperature</c>).
/// </summary>
public static partial class TenantSettingsPatch
{
    public const int MaxOrigins = 20;

    /// <returns>The new settings and the names of the members the patch set.</returns>
    public static (TenantSettings Settings, IReadOnlyList<string> Changed) Apply(TenantSettings current, JsonElement patch,
        IReadOnlySet<string> currencies, PatchFields fields, string prefix = "settings")
    {
        var settings = current;
        var changed = new List<string>();
        foreach (var member in fields.Members(patch, prefix))
        {
            var field = $"{prefix}.{member.Name}";
            var value = member.Value;
            changed.Add(member.Name);
            settings = member.Name switch
            {
                "currency" => settings with { Currency = Currency(value, field, currencies, fields) ?? "USD" },
                "sales_recipient_email" => settings with { SalesRecipientEmail = Email(value, field, fields) },
                "allowed_origins" => settings with { AllowedOrigins = Origins(value, field, fields) },
                "monthly_budget_usd" => settings with { MonthlyBudgetUsd = fields.Number(value, field, 0m, 1_000_000m) },
                "model" => settings with { Model = fields.Model(value, field) },
                "temperature" => settings with { Temperature = fields.Temperature(value, field) },
                "max_tokens" => settings with { MaxTokens = fields.MaxTokens(value, field) },
                "demo_personas" => settings with { DemoPersonas = fields.Bool(value, field) },
                "branding" => settings with { Branding = Branding(settings.Branding, value, field, fields) },
                "coaching" => settings with { Coaching = Coaching(settings.Coaching, value, field, fields) },
                "leads" => settings with { Leads = Leads.LeadSettingsPatch.Apply(settings.Leads, value, field, fields) },
                "training" => settings with { Training = Training(settings.Training, value, field, fields) },
                _ => Unknown(settings, field, fields),
            };
        }
        return (settings, changed);
    }

    private static TenantSettings Unknown(TenantSettings settings, string field, PatchFields fields)
    {
        fields.Unknown(field);
        return settings;
    }

    private static string? Currency(JsonElement value, string field, IReadOnlySet<string> currencies, PatchFields fields)
    {
        var code = fields.Text(value, field, 3)?.ToUpperInvariant();
        if (code is not null && (code.Length != 3 || !currencies.Contains(code)))
        {
            fields.Fail(field, $"{field} must be one of the configured currencies ({string.Join(", ", currencies.Order())}).");
            return null;
        }
        return code;
    }

    private static string? Email(JsonElement value, string field, PatchFields fields)
    {
        var text = fields.Text(value, field, 254);
        if (text is not null && !IsEmail(text))
        {
            fields.Fail(field, $"{field} must be an email address such as sales@example.com, or null.");
            return null;
        }
        return text;
    }

    public static bool IsEmail(string text) =>
        text.Length <= 254 && !text.Any(char.IsWhiteSpace) && MailAddress.TryCreate(text, out var address)
        && address.Address == text && address.Host.Contains('.');

    /// <summary>Exact origins (scheme, host, optional port) the widget may be embedded from; never "null" or a wildcard.</summary>
    private static List<string> Origins(JsonElement value, string field, PatchFields fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxOrigins)
        {
            fields.Fail(field, $"{field} must be a list of at most {MaxOrigins} origins such as https://shop.example.com.");
            return [];
        }
        var origins = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || Origin(item.GetString()!) is not { } origin)
            {
                fields.Fail(field, $"{field} must hold origins only: http(s)://host[:port], no path, no wildcard, not \"null\"; got {item.GetRawText()}.");
                return [];
            }
            if (!origins.Contains(origin))
            {
                origins.Add(origin);
            }
        }
        return origins;
    }

    public static string? Origin(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.AbsolutePath != "/"
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return null;
        }
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
    }

    private static TenantBranding Branding(TenantBranding current, JsonElement value, string prefix, PatchFields fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new TenantBranding();
        }
        var branding = current;
        foreach (var member in fields.Members(value, prefix))
        {
            var field = $"{prefix}.{member.Name}";
            branding = member.Name switch
            {
                "display_name" => branding with { DisplayName = fields.Text(member.Value, field, 100) },
                "greeting" => branding with { Greeting = fields.Text(member.Value, field, 500) },
                "primary_color" => branding with { PrimaryColor = Color(member.Value, field, fields) },
                "logo_url" => branding with { LogoUrl = Url(member.Value, field, fields) },
                _ => UnknownBranding(branding, field, fields),
            };
        }
        return branding;
    }

    private static TenantBranding UnknownBranding(TenantBranding branding, string field, PatchFields fields)
    {
        fields.Unknown(field);
        return branding;
    }

    private static string? Color(JsonElement value, string field, PatchFields fields)
    {
        var color = fields.Text(value, field, 7);
        if (color is not null && !HexColor().IsMatch(color))
        {
            fields.Fail(field, $"{field} must be a hex colour such as #1a73e8, or null.");
            return null;
        }
        return color?.ToLowerInvariant();
    }

    private static string? Url(JsonElement value, string field, PatchFields fields)
    {
        var text = fields.Text(value, field, 2000);
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "https" || uri.UserInfo.Length > 0))
        {
            fields.Fail(field, $"{field} must be an https:// URL, or null.");
            return null;
        }
        return text;
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
