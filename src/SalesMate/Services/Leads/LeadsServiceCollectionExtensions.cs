using SalesMate.Services.Intelligence;
using SalesMate.Services.Profiles;
using SalesMate.Services.Summaries;

namespace SalesMate.Services.Leads;

public static class LeadsServiceCollectionExtensions
{
    /// <summary>Issue 6: profile learning, lead scoring, rolling and final summaries (with the idle-conversation worker).</summary>
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddScoped<ProfileFactExtractor>();
        services.AddScoped<ProfileFactStore>();
        services.AddScoped<LearnedFactEditor>();
        services.AddScoped<LeadScorer>();
        services.AddScoped<SummaryWriter>();
        services.AddScoped<RollingSummaries>();
        services.AddScoped<ITurnObserver, LeadsTurnObserver>();
        services.AddScoped<FinalSummaries>();
        services.AddScoped<Repositories.LeadQueries>();
        services.AddScoped<LeadSessionMerge>();
        services.AddScoped<EscalationHandling>();
        services.AddScoped<Privacy.IPersonalDataStore, ProfileFactPersonalData>();
        services.AddScoped<Privacy.IPersonalDataStore, LeadPersonalData>();
        services.AddSingleton<InactivitySummaryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InactivitySummaryWorker>());
        return services;
    }
}
