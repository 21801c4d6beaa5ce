using System.CommandLine;
using System.Text.RegularExpressions;

namespace SalesMate.Cli;

/// <summary>
/// What `salesmate` and `salesmate serve` hand to the web host: <c>--urls</c>, <c>--environment</c>, and configuration
/// overrides written <c>--section:key=value</c> (any key of docs/ENVIRONMENT_VARIABLES.md). Anything else is refused:
/// handed on, a mistyped <c>--no-such-flag value</c> became a configuration key nobody reads and the app served anyway.
/// </summary>
internal static partial class HostArguments
{
    public const string SettingsHelp =
        "Settings: --section:key=value overrides any configuration key (e.g. --llm:provider=openai --chat:max_products=5); other unknown options are refused.";

    /// <summary>ASP.NET Core's own host settings, also accepted as --name=value (the test host passes its settings so).</summary>
    private static readonly string[] HostSettings = ["urls", "environment", "contentRoot", "applicationName"];

    /// <summary>Adds --urls and --environment to <paramref name="command"/>; returns how to read the host's arguments from a parse.</summary>
    public static Func<ParseResult, string[]> AddTo(Command command)
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, e.g. http://0.0.0.0:8080 (default: from PORT, else http://0.0.0.0:8080)." };
        var environment = new Option<string?>("--environment") { Description = "Hosting environment, e.g. Production or Development (default: ASPNETCORE_ENVIRONMENT, else Production)." };
        command.Options.Add(urls);
        command.Options.Add(environment);
        return parse =>
        {
            var args = new List<string>();
            if (parse.GetValue(urls) is { } listen)
            {
                args.Add($"--urls={listen}");
            }
            if (parse.GetValue(environment) is { } name)
            {
                args.Add($"--environment={name}");
            }
            args.AddRange(parse.UnmatchedTokens);
            return [.. args];
        };
    }

    /// <summary>The first token that is neither a setting nor a host setting, or null when all are.</summary>
    public static string? FirstUnknown(IReadOnlyList<string> unmatched) => unmatched.FirstOrDefault(token => !IsSetting(token, unmatched));

    private static bool IsSetting(string token, IReadOnlyList<string> all) =>
        Setting().IsMatch(token)
        || HostSettings.Any(name => token.StartsWith($"--{name}=", StringComparison.OrdinalIgnoreCase))
        || IsEmptySection(token, all);

    /// <summary>
    /// "--auth=" next to "--auth:jwt_secret=...": the test host (WebApplicationFactory) hands its settings over as
    /// --key=value, each key's parent sections included with no value. Setting a section to nothing changes nothing.
    /// </summary>
    private static bool IsEmptySection(string token, IReadOnlyList<string> all) =>
        token.Length > 3 && token.StartsWith("--", StringComparison.Ordinal) && token.EndsWith('=') && token.IndexOf('=') == token.Length - 1
        && all.Any(other => other.StartsWith($"{token[..^1]}:", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^--[^=:\s]+:[^=\s]+=")]
    private static partial Regex Setting();
}
