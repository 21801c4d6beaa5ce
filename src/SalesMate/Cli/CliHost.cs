using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Utils;

namespace SalesMate.Cli;

/// <summary>A host for one CLI command: the same configuration and services as the web app, logs to the file only.</summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CliHost(IHost host, AsyncServiceScope scope)
    {
        _host = host;
        Scope = scope;
    }

    public AsyncServiceScope Scope { get; }

    public IServiceProvider Services => Scope.ServiceProvider;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<CliHost> StartAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        ConfigurationSetup.Apply(builder.Configuration, builder.Environment.ContentRootPath, []);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["logging:console"] = "false" });
        builder.Logging.AddSalesMateLogging(builder.Configuration);
        builder.Services.AddSalesMateCore();
        var host = builder.Build();
        await host.StartAsync(cancellationToken); // validates options
        return new CliHost(host, host.Services.CreateAsyncScope());
    }

    /// <summary>Applies migrations and points the scope at the default tenant (creating it if needed).</summary>
    public async Task PrepareDefaultTenantAsync(CancellationToken cancellationToken)
    {
        var initializer = Get<DatabaseInitializer>();
        await initializer.MigrateAsync(cancellationToken);
        await initializer.EnsureDefaultTenantAsync(cancellationToken);
    }

    public string DefaultTenant => Get<IOptions<AppOptions>>().Value.DefaultTenant;

    public async ValueTask DisposeAsync()
    {
        await Scope.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }
}
