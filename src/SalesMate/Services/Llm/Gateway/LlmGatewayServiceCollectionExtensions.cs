using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Llm.Gateway;

public static class LlmGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LLM gateway: <see cref="IChatClient"/> = Accounting(Resilient(OpenAIChatClient)) for the provider
    /// in <c>llm.provider</c>, and <see cref="LlmPriceTable"/>. The provider is resolved once, from the validated
    /// options, when the singleton is first resolved (hosts register <c>IConfiguration</c> by factory, so it cannot be
    /// read while services are being registered). With <c>llm.provider: local</c> there is no client:
    /// <c>GetService&lt;IChatClient&gt;()</c> returns null and the local responder answers.
    /// </summary>
    public static IServiceCollection AddLlmGateway(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new LlmPriceTable(sp.GetRequiredService<IOptions<LlmOptions>>().Value.Prices));
        services.TryAddSingleton<IChatClient>(sp => Build(sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp)!);
        return services;
    }

    /// <summary>The decorated client for <paramref name="options"/>, or null when the provider is <c>local</c>.</summary>
    public static IChatClient? Build(LlmOptions options, IServiceProvider services)
    {
        if (!options.IsHosted)
        {
            return null;
        }
        var settings = LlmProviderSettings.From(options);
        var clock = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        IChatClient client = new OpenAIChatClient(settings);
        client = new ResilientChatClient(client, settings.Provider, LlmResilienceSettings.From(options), clock,
            loggers.CreateLogger<ResilientChatClient>());
        var recorder = new LlmRequestRecorder(services.GetRequiredService<IServiceScopeFactory>(),
            services.GetService<LlmPriceTable>() ?? new LlmPriceTable(options.Prices), settings.ApiKey, loggers.CreateLogger<LlmRequestRecorder>());
        return new AccountingChatClient(client, recorder, clock);
    }
}
