using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Options;

namespace SalesMate.Cli;

/// <summary>The `salesmate` command line: the seed-000 scripts as commands, plus `serve` (the default) and `chat`.</summary>
public static class SalesMateCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand($"SalesMate: a self-hosted AI sales assistant. With no command, serves the web app. {HostArguments.SettingsHelp}")
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
        var hostArguments = HostArguments.AddTo(root);
        root.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(hostArguments(parse)));

        var parsed = root.Parse(args);
        if (UnknownArguments(parsed, root, serve) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return UsageError;
        }
        try
        {
            // The default exception handler would swallow the exception the test host uses to stop Main, so it is off.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
        catch (Core.SalesMateException ex)
        {
            await Console.Error.WriteLineAsync($"Error: {ex.Message}");
            return 2;
        }
    }

    /// <summary>Exit code of a command line that cannot be run as typed, as of a configuration error.</summary>
    private const int UsageError = 2;

    /// <summary>
    /// The root and `serve` pass settings on to the web host (<see cref="HostArguments"/>), so the parser reports no
    /// unmatched tokens anywhere: without this check a mistyped command would start the server and a mistyped option
    /// be ignored. One line, naming what was not understood.
    /// </summary>
    private static string? UnknownArguments(ParseResult parsed, RootCommand root, Command serve)
    {
        if (parsed.UnmatchedTokens.Count == 0 || parsed.Errors.Count > 0)
        {
            return null;
        }
        var command = parsed.CommandResult.Command;
        if (command == root && !parsed.UnmatchedTokens[0].StartsWith('-'))
        {
            return $"Unknown command '{parsed.UnmatchedTokens[0]}'. Run 'salesmate --help' to see the commands.";
        }
        if (command == root || command == serve)
        {
            var name = command == root ? "salesmate" : "salesmate serve";
            return HostArguments.FirstUnknown(parsed.UnmatchedTokens) switch
            {
                null => null,
                var option when option.StartsWith('-') =>
                    $"Unknown option '{option.Split('=')[0]}' for '{name}'. Settings are given as --section:key=value (e.g. --chat:max_products=5); run '{name} --help' to see the options.",
                var argument => $"Unrecognized argument for '{name}': {argument}. Run '{name} --help' to see its options.",
            };
        }
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Command != root; result = (CommandResult)result.Parent!)
        {
            names.Insert(0, result.Command.Name);
        }
        var path = string.Join(' ', names);
        return $"Unrecognized argument{(parsed.UnmatchedTokens.Count == 1 ? "" : "s")} for '{path}': {string.Join(' ', parsed.UnmatchedTokens)}. " +
               $"Run 'salesmate {path} --help' to see its options.";
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
