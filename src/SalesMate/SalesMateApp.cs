using SalesMate.Api;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Utils;

namespace SalesMate;

/// <summary>The web application: configuration, logging, services, pipeline. Program.cs and the tests build it here.</summary>
public static class SalesMateApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        ConfigurationSetup.Apply(builder.Configuration, builder.Environment.ContentRootPath, args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://0.0.0.0:8080");
        }
        UseWebRoot(builder.Environment);
        builder.Logging.AddSalesMateLogging(builder.Configuration);
        builder.Services.AddSalesMateCore();
        builder.Services.AddSalesMateApi();
        builder.Services.AddHostedService<StartupInitializer>();

        var app = builder.Build();
        app.UseSalesMateApi();
        return app;
    }

    /// <summary>
    /// The pages' static files (wwwroot): under the content root when it is the project folder (tests), else next to the
    /// binaries (the published app that ./run.sh starts from the repository root), else the project's own folder.
    /// </summary>
    private static void UseWebRoot(IWebHostEnvironment environment)
    {
        string[] candidates =
        [
            Path.Combine(environment.ContentRootPath, "wwwroot"),
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            Path.Combine(environment.ContentRootPath, "src", "SalesMate", "wwwroot"),
        ];
        if (candidates.FirstOrDefault(Directory.Exists) is { } root && root != environment.WebRootPath)
        {
            environment.WebRootPath = root;
            environment.WebRootFileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(root);
        }
    }
}
