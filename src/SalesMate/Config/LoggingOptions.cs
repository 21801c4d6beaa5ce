using Microsoft.Extensions.Configuration;
using SalesMate.Utils;

namespace SalesMate.Config;

/// <summary>Section <c>logging</c> (seed 003): JSON lines to stdout and to a rotated file.</summary>
public sealed class LoggingOptions
{
    public const string Section = "logging";
    public static readonly string[] Levels = ["DEBUG", "INFO", "WARN", "ERROR"];

    public string Level { get; set; } = "INFO";

    /// <summary>File path of the JSONL log; empty disables the file sink.</summary>
    public string Path { get; set; } = "var/logs/app.jsonl";

    /// <summary>Roll the file when it reaches this size, e.g. "50 MB".</summary>
    public string Rotation { get; set; } = "50 MB";

    /// <summary>Delete rolled files older than this, e.g. "14 days".</summary>
    public string Retention { get; set; } = "14 days";

    [ConfigurationKeyName("console")]
    public bool Console { get; set; } = true;

    internal IEnumerable<string> Validate()
    {
        if (!Levels.Contains(Level.ToUpperInvariant()))
        {
            yield return OptionErrors.NotOneOf("logging.level", Level, Levels);
        }
        if (!Sizes.TryParseBytes(Rotation, out _))
        {
            yield return $"logging.rotation must be a size such as '50 MB' or '500 KB'; got '{Rotation}'.";
        }
        if (!Sizes.TryParseDuration(Retention, out _))
        {
            yield return $"logging.retention must be a duration such as '14 days' or '12 hours'; got '{Retention}'.";
        }
    }
}
