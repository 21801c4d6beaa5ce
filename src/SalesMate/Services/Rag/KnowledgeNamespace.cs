using System.Text.RegularExpressions;

namespace SalesMate.Services.Rag;

/// <summary>
/// The retrieval namespace of a tenant's agent, "{tenant slug}/{agent}". The one place that builds it for ingestion;
/// switch it to the tenancy AgentContext's RetrievalNamespace once that is on main.
/// </summary>
public static partial class KnowledgeNamespace
{
    public const string DefaultAgent = "sales";

    public static string For(string tenantSlug, string? agent = null) => $"{tenantSlug}/{agent ?? DefaultAgent}";

    /// <summary>Agent names are slugs (letters, digits, hyphens), so namespaces stay unambiguous.</summary>
    public static bool IsValidAgent(string agent) => AgentName().IsMatch(agent);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex AgentName();
}
