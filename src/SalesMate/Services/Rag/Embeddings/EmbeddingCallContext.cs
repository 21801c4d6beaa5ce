using Microsoft.Extensions.AI;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>The tenant an embedding call is made for, carried in the options so the accounting decorator can write its row.</summary>
public static class EmbeddingCallContext
{
    public static EmbeddingGenerationOptions For(this EmbeddingGenerationOptions options, Guid tenantId)
    {
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[Llm.LlmCallContext.TenantIdKey] = tenantId;
        return options;
    }

    public static Guid? TenantId(this EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Llm.LlmCallContext.TenantIdKey, out var value) == true && value is Guid id ? id : null;
}
