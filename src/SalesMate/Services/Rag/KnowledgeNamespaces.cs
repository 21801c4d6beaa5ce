namespace SalesMate.Services.Rag;

/// <summary>
/// Retrieval namespaces: "{tenant slug}/{agent}". Until agents are resolved per request (issue 4's AgentContext carries
/// the agent's retrieval namespace), the knowledge base of a tenant is its <c>sales</c> agent's.
/// </summary>
public static class KnowledgeNamespaces
{
    public const string DefaultAgent = "sales";

    public static string For(string tenantSlug, string agent = DefaultAgent) => $"{tenantSlug}/{agent}";
}
