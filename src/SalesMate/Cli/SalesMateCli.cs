using System.CommandLine;
using Microsoft.Extensions.Options;

namespace SalesMate.Cli;

/// <summary>The `salesmate` command line: the seed-000 scripts as commands, plus `serve` (the default) and `chat`.</summary>
public static class SalesMateCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("SalesMate: a self-hosted AI sales assistant. With no command, serves the web app.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var serve = ServeCommand.Create();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(DatabaseCommands.Migrate());
        root.Subcommands.Add(DatabaseCommands.CreateAppRole());
        root.Subcommands.Add(DatabaseCommands.Seed());
        root.Subcommands.Add(CatalogCommands.ImportProducts());
        root.Subcommands.Add(PersonaCommands.SeedPersonas());
        root.Subcommands.Add(PersonaCommands.MigratePersonas());
        root.Subcommands.Add(DiagnosticsCommands.TestConnections());
        root.Subcommands.Add(ChatCommand.Create());
        root.Subcommands.Add(ApiKeyCommands.Create());
        root.Subcommands.Add(KnowledgeCommands.Ingest());
        root.Subcommands.Add(KnowledgeCommands.Crawl());
        root.Subcommands.Add(EvalCommands.Create());
        root.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(parse.UnmatchedTokens.ToArray()));

        try
        {
            // The default exception handler would swallow the exception the test host uses to stop Main, so it is off.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync("Configuration error:");
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync($"  - {failure}");
            }
            return 2;
        }
    }

    /// <summary>One invalid section throws OptionsValidationException; several arrive together in an AggregateException.</summary>
    private static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        Config.DemoDataMissingException missing => [missing.Message],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ConfigurationFailures).ToList(),
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            [message],
        _ => [],
    };
}
