using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using Spectre.Console;

namespace SalesMate.Cli;

internal static class DatabaseCommands
{
    public static Command Migrate()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List pending migrations without applying them." };
        var command = new Command("migrate", "Apply pending database migrations (SQLite or PostgreSQL, per database.provider).") { dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            var runner = host.Get<MigrationRunner>();
            var provider = host.Get<SalesMateDbContext>().Database.ProviderName;
            if (parse.GetValue(dryRun))
            {
                var pending = await runner.PendingAsync(cancellationToken);
                AnsiConsole.MarkupLine(pending.Count == 0 ? "[green]Up to date.[/]" : $"Pending: {Markup.Escape(string.Join(", ", pending))}");
                return 0;
            }
            var applied = await runner.MigrateAsync(cancellationToken);
            AnsiConsole.MarkupLine(applied.Count == 0
                ? $"[green]Database is up to date[/] ({Markup.Escape(provider ?? "")})."
                : $"[green]Applied[/] {Markup.Escape(string.Join(", ", applied))} ({Markup.Escape(provider ?? "")}).");
            return 0;
        });
        return command;
    }

    public static Command Seed()
    {
        var command = new Command("seed", "Migrate, then create the default tenant with the demo catalog and personas (only what is missing).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            var initializer = host.Get<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            SeedReport report = null!;
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Seeding demo catalog", maxValue: 1);
                report = await initializer.SeedDemoAsync(new Progress<int>(n => task.Value = Math.Min(1, n)), cancellationToken);
                task.Value = 1;
            });
            var products = await host.Get<SalesMateDbContext>().Products.CountAsync(cancellationToken);
            AnsiConsole.MarkupLine($"Tenant [bold]{Markup.Escape(host.DefaultTenant)}[/]{(report.TenantCreated ? " created" : "")}: " +
                $"{report.ProductsImported} products imported ({products} in catalog), {report.ShopperPersonas} shopper and " +
                $"{report.AssistantPersonas} assistant personas added.");
            return 0;
        });
        return command;
    }
}
