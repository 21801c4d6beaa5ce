using System.CommandLine;

namespace SalesMate.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve",
            $"Serve the web app and API (default http://localhost:8080; honours PORT and --urls). {HostArguments.SettingsHelp}")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var hostArguments = HostArguments.AddTo(command);
        command.SetAction((parse, _) => RunAsync(hostArguments(parse)));
        return command;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var app = SalesMateApp.Build(args);
        await app.RunAsync();
        return 0;
    }
}
