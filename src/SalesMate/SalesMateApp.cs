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
        builder.Logging.AddSalesMateLogging(builder.Configuration);
        builder.Services.AddSalesMateCore();
        builder.Services.AddSalesMateApi();
        builder.Services.AddHostedService<StartupInitializer>();

        var app = builder.Build();
        app.UseSalesMateApi();
        return app;
    }
}
