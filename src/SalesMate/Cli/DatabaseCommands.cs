using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
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

    public static Command CreateAppRole()
    {
        var role = new Option<string?>("--role") { Description = "Role name (default: database.app_role)." };
        var passwordVariable = new Option<string>("--password-env")
        {
            Description = "Environment variable holding the role's password; unset: a random password is generated and printed once.",
            DefaultValueFactory = _ => "SALESMATE_APP_ROLE_PASSWORD",
        };
        var command = new Command("create-app-role",
            "PostgreSQL: migrate, then create the non-owner role the app connects as in production (SELECT/INSERT/UPDATE/DELETE " +
            "only, bound by row-level security) or refresh its grants. Runs on database.migration_connection_string.")
        {
            role, passwordVariable,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            var database = host.Get<IOptions<DatabaseOptions>>().Value;
            var name = parse.GetValue(role) ?? database.AppRole;
            if (!database.IsPostgres || string.IsNullOrEmpty(name) || !DatabaseOptions.IsRoleName(name))
            {
                Console.WriteLine(!database.IsPostgres ? "create-app-role needs database.provider postgres."
                    : "Name the role with --role or database.app_role (lower-case letters, digits, underscores).");
                return 2;
            }
            var password = Environment.GetEnvironmentVariable(parse.GetValue(passwordVariable) ?? "") is { Length: > 0 } set ? set : null;
            var result = await host.Get<AppRoleSetup>().EnsureAsync(name, password, cancellationToken);
            Console.WriteLine($"Role {result.Role} {(result.Created ? "created" : "exists")}; it may SELECT/INSERT/UPDATE/DELETE every table.");
            if (result.GeneratedPassword is { } generated)
            {
                Console.WriteLine("Its password (shown this one time only):");
                Console.WriteLine(generated);
            }
            Console.WriteLine($"Connect the app as it: database.connection_string with Username={result.Role}, database.app_role: {result.Role}, " +
                "and keep the owner's connection in database.migration_connection_string (see docs/DEPLOYMENT.md).");
            return 0;
        });
        return command;
    }

    public static Command Seed()
    {
        var command = new Command("seed", "Migrate, then create the default tenant with the demo catalog, personas and documents (only what is missing).");
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
                $"{report.AssistantPersonas} assistant personas added" +
                (report.DocumentsIngested > 0 ? $", {report.DocumentsIngested} demo documents ingested." : "."));
            return 0;
        });
        return command;
    }
}
