using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Conversations;

namespace SalesMate.Api.Routes;

public sealed record UiInput(string SubmitShortcut, bool EnterInsertsNewline, int DebounceMs);

public sealed record UiPersona(string Code, string Name, string Description);

public sealed record UiConfigResponse(string Name, string DisplayName, string? Greeting, string? PrimaryColor, string? LogoUrl,
    UiInput Input, int MaxMessageChars, IReadOnlyList<UiPersona> Personas);

/// <summary>GET /api/v1/ui/config: what a chat front end (the widget) needs to present the tenant: branding, input rules, personas.</summary>
public static class UiConfigEndpoints
{
    public static IEndpointRouteBuilder MapUiConfigEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/ui/config", Get).WithTags("UI").WithName("UiConfig");
        return app;
    }

    public static async Task<Ok<UiConfigResponse>> Get(SalesMateDbContext db, TenantContext tenant, PersonaDemoSwitch demo, PersonaRepository personas,
        IOptions<ChatOptions> chat, CancellationToken cancellationToken)
    {
        var row = await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.TenantId).Select(t => new { t.Name, t.Settings }).FirstAsync(cancellationToken);
        var branding = row.Settings.Branding;
        var shoppers = await demo.IsOnAsync(cancellationToken) ? await personas.ShoppersAsync(cancellationToken) : [];
        var input = chat.Value.Input;
        return TypedResults.Ok(new UiConfigResponse(row.Name, branding.DisplayName ?? row.Name, branding.Greeting, branding.PrimaryColor, branding.LogoUrl,
            new UiInput(input.SubmitShortcut, input.EnterInsertsNewline, input.DebounceMs), chat.Value.MaxMessageChars,
            shoppers.Select(p => new UiPersona(p.Code, p.Name, p.Description)).ToList()));
    }
}
