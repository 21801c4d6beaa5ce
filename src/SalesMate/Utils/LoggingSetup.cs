using Serilog;
using Serilog.Events;
using SalesMate.Config;

namespace SalesMate.Utils;

/// <summary>Serilog with JSON lines to stdout and to the configured file (size rotation, time retention).</summary>
public static class LoggingSetup
{
    public static void AddSalesMateLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var options = configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() ?? new LoggingOptions();
        logging.ClearProviders();
        logging.AddSerilog(CreateLogger(options), dispose: true);
    }

    public static Serilog.Core.Logger CreateLogger(LoggingOptions options)
    {
        var level = options.Level.ToUpperInvariant() switch
        {
            "DEBUG" => LogEventLevel.Debug,
            "WARN" => LogEventLevel.Warning,
            "ERROR" => LogEventLevel.Error,
            _ => LogEventLevel.Information,
        };
        var formatter = new JsonLinesFormatter();
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            // Framework chatter (per-request routing, EF commands) stays out of INFO; ours does not.
            .MinimumLevel.Override("Microsoft", level > LogEventLevel.Warning ? level : LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", level)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Filter.ByExcluding(IsExpectedWriteConflict)
            .Enrich.FromLogContext();
        if (options.Console)
        {
            config.WriteTo.Console(formatter);
        }
        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            // Both were validated at start-up; the fallbacks only serve callers that skip validation.
            var rotationBytes = Sizes.TryParseBytes(options.Rotation, out var bytes) ? bytes : 50L << 20;
            var retention = Sizes.TryParseDuration(options.Retention, out var span) ? span : TimeSpan.FromDays(14);
            config.WriteTo.File(formatter, options.Path,
                fileSizeLimitBytes: rotationBytes,
                rollOnFileSizeLimit: true,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: null,
                retainedFileTimeLimit: retention,
                shared: true);
        }
        return config.CreateLogger();
    }

    /// <summary>
    /// EF Core logs a failed save or command at Error before the caller sees it. A write conflict (two messages sent to
    /// one conversation at once) is answered 409 and is no fault of the server, so EF's own line for it is left out.
    /// </summary>
    private static bool IsExpectedWriteConflict(LogEvent logEvent) =>
        logEvent.Exception is { } exception && Database.WriteConflicts.IsConflict(exception)
        && logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string category }
        && category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal);
}
