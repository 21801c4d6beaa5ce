using SalesMate.Services.Llm.Classification;

namespace SalesMate.Services.Intelligence;

public static class SalesPipelineRegistration
{
    /// <summary>The per-message sales pipeline (<see cref="SalesPipeline"/>) and its parts; call after the LLM gateway.</summary>
    public static IServiceCollection AddSalesPipeline(this IServiceCollection services)
    {
        // The structured classifier is registered as null when no model is configured: resolve it optionally.
        services.AddScoped(sp => new IntentClassifier(sp.GetService<StructuredClassifier>(), sp.GetRequiredService<Llm.LlmBudget>(),
            sp.GetRequiredService<Database.ITenantContext>()));
        services.AddScoped<WelcomeBack>();
        services.AddSingleton<Structured.StructuredCoach>();
        services.AddScoped<ConversationCoach>();
        services.AddSingleton<Structured.StructuredSpelling>();
        services.AddScoped<MessagePreprocessor>();
        services.AddSingleton<Structured.StructuredEnrichment>();
        services.AddScoped<MessageEnricher>();
        services.AddSingleton<Structured.StructuredEscalation>();
        services.AddScoped<EscalationDecider>();
        services.AddScoped<SalesPipeline>();
        return services;
    }
}
