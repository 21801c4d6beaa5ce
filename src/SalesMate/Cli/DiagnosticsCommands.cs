using System.CommandLine;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Vector;
using Spectre.Console;

namespace SalesMate.Cli;

internal static class DiagnosticsCommands
{
    /// <summary>Seed 000's test_connections.py: database, migrations, catalog index, LLM configuration.</summary>
    public static Command TestConnections()
    {
        var command = new Command("test-connections", "Check the database, migrations, the catalog search index and the LLM settings.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            var table = new Table().AddColumns("Check", "Status", "Detail");
            var failed = false;
            void Row(string check, bool ok, string detail)
            {
                failed |= !ok;
                table.AddRow(check, ok ? "[green]ok[/]" : "[red]failed[/]", Markup.Escape(detail));
            }

            var db = host.Get<SalesMateDbContext>();
            var started = Stopwatch.GetTimestamp();
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                Row("database", true, $"{db.Database.ProviderName} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms");
                var pending = await host.Get<MigrationRunner>().PendingAsync(cancellationToken);
                Row("migrations", pending.Count == 0, pending.Count == 0 ? "up to date" : $"pending: {string.Join(", ", pending)} (run salesmate migrate)");
                if (pending.Count == 0)
                {
                    var tenant = host.Get<IOptions<AppOptions>>().Value.DefaultTenant;
                    var tenantId = await db.Tenants.Where(t => t.Slug == tenant).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
                    if (tenantId is null)
                    {
                        Row("catalog index", false, $"tenant '{tenant}' not seeded (run salesmate seed)");
                    }
                    else
                    {
                        host.Get<TenantContext>().Set(tenantId.Value);
                        var snapshot = await host.Get<CatalogIndex>().GetAsync(db, cancellationToken);
                        Row("catalog index", snapshot.Products.Count > 0, $"{snapshot.Products.Count} products, {snapshot.Categories.Count} categories");
                    }
                }
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                Row("database", false, ex.Message);
            }

            var llm = host.Get<IOptions<LlmOptions>>().Value;
            Row("llm", true, llm.Provider == "local"
                ? "local grounded responder (no key needed)"
                : $"{llm.Provider}, model {llm.Model}, key {(string.IsNullOrEmpty(llm.ApiKey) ? "missing" : "set")} (configuration only; this check makes no model call)");
            AnsiConsole.Write(table);
            return failed ? 1 : 0;
        });
        return command;
    }
}
