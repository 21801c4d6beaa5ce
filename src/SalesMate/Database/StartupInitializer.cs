using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Database;

/// <summary>
/// Before the server accepts requests: apply migrations (database.auto_migrate), check that row-level security binds the
/// app's database role, seed the demo on first run (app.seed_demo) and make sure the first super_admin exists (see
/// AdminBootstrap).
/// </summary>
public sealed class StartupInitializer(IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, IOptions<AppOptions> app,
    IOptions<AdminOptions> admin)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (database.Value.AutoMigrate)
        {
            await initializer.MigrateAsync(cancellationToken);
        }
        await scope.ServiceProvider.GetRequiredService<DatabaseRoleCheck>().VerifyAsync(cancellationToken);
        if (app.Value.SeedDemo)
        {
            await initializer.SeedDemoAsync(null, cancellationToken);
        }
        if (database.Value.AutoMigrate || app.Value.SeedDemo || !string.IsNullOrWhiteSpace(admin.Value.Email))
        {
            await scope.ServiceProvider.GetRequiredService<Services.Auth.AdminBootstrap>().EnsureAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
