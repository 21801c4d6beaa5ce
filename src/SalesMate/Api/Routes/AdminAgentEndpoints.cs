using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;
using SalesMate.Services.Tenancy;

namespace SalesMate.Api.Routes;

/// <summary>
/// /api/v1/admin/agents: the current tenant's agents (sales, trainer): enabled, persona, model overrides, retrieval
/// namespace. PATCH /api/v1/admin/agents/{agent} takes a JSON merge patch (null resets a field to its default).
/// </summary>
public static partial class AdminAgentEndpoints
{
    public static RouteGroupBuilder MapAdminAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/agents").WithTags("Admin").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapGet("/", List).WithName("AdminListAgents");
        group.MapPatch("/{agent}", Update).WithName("AdminUpdateAgent");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<AgentResponse>>> List(AgentContext agents, CancellationToken cancellationToken)
    {
        var list = new List<AgentResponse>();
        foreach (var name in Agents.All)
        {
            list.Add(AgentResponse.From((await agents.FindAsync(name, cancellationToken))!));
        }
        return TypedResults.Ok<IReadOnlyList<AgentResponse>>(list);
    }

    public static async Task<Ok<AgentResponse>> Update(string agent, JsonElement patch, HttpContext http, SalesMateDbContext db,
        AuditLog audit, AgentDirectory agentDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Agents.All.Contains(agent))
        {
            throw new NotFoundException("Agent", agent);
        }
        var tenantId = db.CurrentTenantId;
        var slug = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).FirstAsync(cancellationToken);
        var row = await db.TenantAgents.FirstOrDefaultAsync(a => a.Agent == agent, cancellationToken);
        if (row is null)
        {
            row = new TenantAgent
            {
                Id = Guid.CreateVersion7(),
                Agent = agent,
                PersonaCode = AgentDefaults.PersonaCode(agent),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.TenantAgents.Add(row);
        }

        var fields = new PatchFields();
        var changed = new List<string>();
        foreach (var member in fields.Members(patch, "body"))
        {
            var value = member.Value;
            var field = member.Name;
            changed.Add(field);
            switch (field)
            {
                case "enabled":
                    row.IsEnabled = fields.Bool(value, field, nullable: false) ?? row.IsEnabled;
                    break;
                case "persona_code":
                    row.PersonaCode = await PersonaCodeAsync(db, value, field, fields, cancellationToken);
                    break;
                case "model":
                    row.Model = fields.Model(value, field);
                    break;
                case "temperature":
                    row.Temperature = fields.Temperature(value, field);
                    break;
                case "max_tokens":
                    row.MaxTokens = fields.MaxTokens(value, field);
                    break;
                case "retrieval_namespace":
                    row.RetrievalNamespace = Namespace(value, field, slug, fields);
                    break;
                default:
                    fields.Unknown(field);
                    break;
            }
        }
        fields.ThrowIfInvalid();
        if (changed.Count > 0)
        {
            audit.Add(http, AuditActions.AgentUpdate, "agent", agent, new() { ["fields"] = string.Join(",", changed), ["enabled"] = row.IsEnabled.ToString().ToLowerInvariant() });
            await db.SaveChangesAsync(cancellationToken);
            agentDirectory.Invalidate(tenantId);
        }
        return TypedResults.Ok(AgentResponse.From(AgentDefaults.Settings(agent, row, slug)));
    }

    private static async Task<string?> PersonaCodeAsync(SalesMateDbContext db, JsonElement value, string field, PatchFields fields,
        CancellationToken cancellationToken)
    {
        var code = fields.Text(value, field, 100);
        if (code is not null && !await db.AssistantPersonas.AnyAsync(p => p.Code == code, cancellationToken))
        {
            fields.Fail(field, $"{field}: this tenant has no assistant persona '{code}'.");
        }
        return code;
    }

    /// <summary>Retrieval namespaces stay inside the tenant's own prefix, so no agent can search another tenant's content.</summary>
    private static string? Namespace(JsonElement value, string field, string tenantSlug, PatchFields fields)
    {
        var text = fields.Text(value, field, 200);
        if (text is not null && (!text.StartsWith(tenantSlug + "/", StringComparison.Ordinal) || !NamespacePattern().IsMatch(text)))
        {
            fields.Fail(field, $"{field} must start with '{tenantSlug}/' followed by lower-case letters, digits, hyphens and slashes, e.g. {tenantSlug}/trainer.");
            return null;
        }
        return text;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)+$")]
    private static partial Regex NamespacePattern();
}
