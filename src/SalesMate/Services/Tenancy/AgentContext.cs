using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Tenancy;

/// <summary>An agent of the current tenant as it answers: its row in <c>tenant_agents</c>, or the defaults when it has none.</summary>
public sealed record AgentSettings(
    string Agent,
    bool IsEnabled,
    string? PersonaCode,
    string? Model,
    double? Temperature,
    int? MaxTokens,
    string RetrievalNamespace);

/// <summary>
/// The agent the current request speaks to: the <c>/a/{agent}</c> prefix (checked by the tenant middleware), else
/// <c>app.default_agent</c>. Settings are read from the tenant's <c>tenant_agents</c> when first needed, once per scope;
/// the context is lazy, so a scope that never reads them (an open SSE stream's request) leases no pooled DbContext.
/// </summary>
public sealed class AgentContext(Lazy<SalesMateDbContext> database, ITenantContext tenant, AgentDirectory directory, IOptions<AppOptions> options)
{
    private readonly Dictionary<string, AgentSettings> _loaded = new(StringComparer.Ordinal);

    public string Name { get; private set; } = options.Value.DefaultAgent;

    /// <summary>True when the request named the agent with an <c>/a/{agent}</c> prefix.</summary>
    public bool IsNamedByRequest { get; private set; }

    public void Select(string agent)
    {
        Name = agent;
        IsNamedByRequest = true;
    }

    public async Task<AgentSettings> CurrentAsync(CancellationToken cancellationToken) =>
        await FindAsync(Name, cancellationToken) ?? throw new InvalidOperationException($"Unknown agent '{Name}'.");

    /// <summary>The current tenant's settings of an agent, or null when no agent has that name.</summary>
    public async Task<AgentSettings?> FindAsync(string agent, CancellationToken cancellationToken)
    {
        if (!Agents.All.Contains(agent))
        {
            return null;
        }
        if (_loaded.TryGetValue(agent, out var settings))
        {
            return settings;
        }
        var tenantId = tenant.TenantId;
        if (directory.Find(tenantId, agent) is { } known)
        {
            return _loaded[agent] = known;
        }
        var db = database.Value;
        var row = await db.TenantAgents.AsNoTracking().FirstOrDefaultAsync(a => a.Agent == agent, cancellationToken);
        var slug = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Slug).FirstAsync(cancellationToken);
        settings = _loaded[agent] = AgentDefaults.Settings(agent, row, slug);
        directory.Remember(tenantId, settings);
        return settings;
    }
}

/// <summary>The agents every tenant gets, and what an agent without a row in <c>tenant_agents</c> means.</summary>
public static class AgentDefaults
{
    /// <summary>The coaching persona of the trainer agent (in data/personas/assistant_personas.json).</summary>
    public const string TrainerPersonaCode = "sales-trainer";

    public static string? PersonaCode(string agent) => agent == Agents.Trainer ? TrainerPersonaCode : null;

    public static string Namespace(string tenantSlug, string agent) => $"{tenantSlug}/{agent}";

    public static AgentSettings Settings(string agent, TenantAgent? row, string tenantSlug) => row is null
        ? new AgentSettings(agent, true, PersonaCode(agent), null, null, null, Namespace(tenantSlug, agent))
        : new AgentSettings(agent, row.IsEnabled, row.PersonaCode, row.Model, row.Temperature, row.MaxTokens,
            row.RetrievalNamespace ?? Namespace(tenantSlug, agent));

    /// <summary>Rows for the agents the current tenant does not have yet (sales and trainer, enabled).</summary>
    public static async Task<int> EnsureAsync(SalesMateDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.TenantAgents.Select(a => a.Agent).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var agent in Agents.All.Except(existing))
        {
            db.TenantAgents.Add(new TenantAgent
            {
                Id = Guid.CreateVersion7(),
                Agent = agent,
                IsEnabled = true,
                PersonaCode = PersonaCode(agent),
                CreatedAt = now,
            });
            added++;
        }
        return added;
    }
}
