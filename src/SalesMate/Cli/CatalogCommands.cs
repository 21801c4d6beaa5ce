using System.CommandLine;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using Spectre.Console;

namespace SalesMate.Cli;

internal static class CatalogCommands
{
    public static Command ImportProducts()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A .json (array of products) or .csv (header row) file." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the valid rows even when some rows are invalid." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report without writing anything." };
        var command = new Command("import-products", "Validate and upsert products by SKU from JSON or CSV. A file with errors imports nothing unless --skip-invalid.")
        {
            file, skipInvalid, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                AnsiConsole.MarkupLine($"[red]No such file:[/] {Markup.Escape(path.FullName)}");
                return 2;
            }
            IReadOnlyList<ImportRow> rows;
            try
            {
                rows = ProductFileReader.Read(path.FullName);
            }
            catch (FormatException ex)
            {
                AnsiConsole.MarkupLine($"[red]Cannot read {Markup.Escape(path.Name)}:[/] {Markup.Escape(ex.Message)}");
                return 2;
            }

            var invalid = rows.Where(r => !r.IsValid).ToList();
            if (parse.GetValue(dryRun))
            {
                PrintErrors(invalid.SelectMany(r => r.Errors.Select(e => new ImportError(r.Line, r.Input.Sku, e))).ToList());
                AnsiConsole.MarkupLine($"{rows.Count} rows, {rows.Count - invalid.Count} valid. Nothing written (--dry-run).");
                return invalid.Count == 0 ? 0 : 1;
            }

            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            ImportReport report = null!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Importing {Markup.Escape(path.Name)}", maxValue: Math.Max(1, rows.Count - invalid.Count));
                    report = await host.Get<ProductImporter>().ImportAsync(rows, parse.GetValue(skipInvalid),
                        new Progress<int>(done => task.Value = done), cancellationToken);
                    task.Value = task.MaxValue;
                });
            PrintErrors(report.Errors);
            if (!report.Applied)
            {
                AnsiConsole.MarkupLine($"[red]Nothing imported:[/] {report.Errors.Count} problems in {rows.Count} rows. Fix them or pass --skip-invalid.");
                return 1;
            }
            AnsiConsole.MarkupLine($"[green]Imported[/] into tenant {Markup.Escape(host.DefaultTenant)}: {report.Created} created, " +
                $"{report.Updated} updated, {report.Skipped} skipped.");
            return 0;
        });
        return command;
    }

    private static void PrintErrors(IReadOnlyList<ImportError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns("Line", "SKU", "Problem");
        foreach (var error in errors.Take(200))
        {
            table.AddRow(error.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(error.Sku ?? "-"), Markup.Escape(error.Message));
        }
        AnsiConsole.Write(table);
        if (errors.Count > 200)
        {
            AnsiConsole.MarkupLine($"... and {errors.Count - 200} more.");
        }
    }
}
