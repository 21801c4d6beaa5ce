using SalesMate.Repositories;
using SalesMate.Services.Privacy;

namespace SalesMate.Services.Contributions;

public static class ContributionServiceCollectionExtensions
{
    /// <summary>User contributions (seed 002): submission and review, and their part of privacy export and deletion.</summary>
    public static IServiceCollection AddContributions(this IServiceCollection services)
    {
        services.AddScoped<ContributionRepository>();
        services.AddScoped<ContributionService>();
        services.AddScoped<IPersonalDataStore, ContributionPersonalData>();
        return services;
    }
}
