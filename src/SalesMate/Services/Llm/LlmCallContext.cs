using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm;

/// <summary>
/// What an upstream model call is for, carried in <see cref="ChatOptions.AdditionalProperties"/> so the gateway's
/// decorators (accounting, budgets) know the tenant, conversation and purpose without ambient state.
/// </summary>
public static class LlmCallContext
{
    public const string TenantIdKey = "salesmate.tenant_id";
    public const string ConversationIdKey = "salesmate.conversation_id";
    public const string PurposeKey = "salesmate.purpose";

    public static ChatOptions For(this ChatOptions options, Guid tenantId, Guid? conversationId, string purpose)
    {
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[TenantIdKey] = tenantId;
        options.AdditionalProperties[PurposeKey] = purpose;
        if (conversationId is { } id)
        {
            options.AdditionalProperties[ConversationIdKey] = id;
        }
        return options;
    }

    public static Guid? TenantId(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(TenantIdKey, out var value) == true && value is Guid id ? id : null;

    public static Guid? ConversationId(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(ConversationIdKey, out var value) == true && value is Guid id ? id : null;

    public static string Purpose(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PurposeKey, out var value) == true && value is string purpose ? purpose : "chat";
}

public static class LlmPurposes
{
    public const string Chat = "chat";
    public const string Classify = "classify";
    public const string Extract = "extract";
    public const string Summarize = "summarize";
    public const string Embed = "embed";
}
