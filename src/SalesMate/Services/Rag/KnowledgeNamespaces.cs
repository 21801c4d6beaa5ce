using SalesMate.Services.Tenancy;

namespace SalesMate.Services.Rag;

/// <summary>
/// Retrieval namespaces: "{tenant slug}/{agent}" unless an agent names its own (AgentContext's RetrievalNamespace,
/// which the chat passes to retrieval). Commands and seeding without an agent use the tenant's <c>sales</c> agent.
/// </summary>
public static class KnowledgeNamespaces
{
    public const string DefaultAgent = "sales";

    public static string For(string tenantSlug, string agent = DefaultAgent) => AgentDefaults.Namespace(tenantSlug, agent);
}
