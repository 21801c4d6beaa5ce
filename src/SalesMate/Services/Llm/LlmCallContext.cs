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
    public const string AccountingKey = "salesmate.accounting";

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

    /// <summary>Saves the call's llm_requests row with the caller's own transaction (a chat turn's answer) instead of at once.</summary>
    public static ChatOptions DeferAccountingTo(this ChatOptions options, Gateway.LlmAccountingBatch? batch)
    {
        if (batch is not null)
        {
            options.AdditionalProperties ??= [];
            options.AdditionalProperties[AccountingKey] = batch;
        }
        return options;
    }

    public static Gateway.LlmAccountingBatch? AccountingBatch(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AccountingKey, out var value) == true ? value as Gateway.LlmAccountingBatch : null;

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
    public const string Coach = "coach";
    public const string Preprocess = "preprocess";
    public const string Enrich = "enrich";
    public const string Escalate = "escalate";
}
