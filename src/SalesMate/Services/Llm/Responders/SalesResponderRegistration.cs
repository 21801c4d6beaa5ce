using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Responders;

public static class SalesResponderRegistration
{
    /// <summary>
    /// Makes <see cref="GatewaySalesResponder"/> the chat's <see cref="ISalesResponder"/>: the LLM responder when an
    /// <see cref="IChatClient"/> is registered (the provider is chosen once, at registration), the local one otherwise.
    /// Scoped, because the LLM responder reads the scope's tenant. Call after <c>LocalSalesResponder</c> is registered
    /// and instead of registering <see cref="ISalesResponder"/> as the local responder.
    /// </summary>
    public static IServiceCollection AddSalesResponders(this IServiceCollection services)
    {
        services.AddScoped(sp => new GatewaySalesResponder(
            sp.GetRequiredService<LocalSalesResponder>(),
            sp.GetService<IChatClient>() is { } client ? ActivatorUtilities.CreateInstance<LlmSalesResponder>(sp, client) : null,
            sp.GetService<ILogger<GatewaySalesResponder>>(),
            (context, cancellationToken) => sp.GetRequiredService<LlmBudget>()
                .CheckAsync(sp.GetRequiredService<Database.ITenantContext>().TenantId, context.TenantSettings, cancellationToken)));
        services.AddScoped<ISalesResponder>(sp => sp.GetRequiredService<GatewaySalesResponder>());
        return services;
    }
}
