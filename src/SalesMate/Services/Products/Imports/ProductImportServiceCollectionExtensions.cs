namespace SalesMate.Services.Products.Imports;

public static class ProductImportServiceCollectionExtensions
{
    /// <summary>Background product imports: the queue, live progress, the job service and the runner.</summary>
    public static IServiceCollection AddProductImports(this IServiceCollection services)
    {
        services.AddSingleton<ProductImportQueue>();
        services.AddSingleton<ImportProgress>();
        services.AddScoped<ProductImportJobs>();
        services.AddScoped<ProductImportRunner>();
        return services;
    }

    /// <summary>The worker that drains the queue; the web app runs it (`salesmate import` imports in the foreground).</summary>
    public static IServiceCollection AddProductImportWorker(this IServiceCollection services) => services.AddHostedService<ProductImportWorker>();
}
