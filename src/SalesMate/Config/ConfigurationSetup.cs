using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace SalesMate.Config;

/// <summary>
/// Configuration precedence, lowest to highest: appsettings.json, salesmate.yaml, .env, environment variables,
/// command-line arguments. Also maps the variables hosting platforms and the seeds use (DATABASE_URL, OPENAI_API_KEY,
/// OPENROUTER_API_KEY, PORT) onto our keys.
/// </summary>
public static class ConfigurationSetup
{
    public static void Apply(ConfigurationManager configuration, string contentRoot, string[] args)
    {
        var envFile = Path.Combine(contentRoot, ".env");
        if (File.Exists(envFile))
        {
            // NoClobber: real environment variables win over .env.
            DotNetEnv.Env.NoClobber().Load(envFile);
        }

        // appsettings.json ships next to salesmate.dll; load it from there too, so running from any folder (./run.sh runs
        // from the repo root) gets the defaults. A content-root appsettings.json, if any, still overrides it.
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(shipped) && !string.Equals(Path.GetFullPath(shipped), Path.GetFullPath(Path.Combine(contentRoot, "appsettings.json")), StringComparison.Ordinal))
        {
            var defaults = new JsonConfigurationSource { Path = shipped, Optional = true };
            defaults.ResolveFileProvider(); // before Insert: ConfigurationManager builds the source as soon as it is added
            configuration.Sources.Insert(0, defaults);
        }

        var yamlPath = Environment.GetEnvironmentVariable("SALESMATE_CONFIG") ?? Path.Combine(contentRoot, "salesmate.yaml");
        var yaml = new YamlConfigurationSource { Path = Path.GetFullPath(yamlPath), Optional = true, ReloadOnChange = false };
        yaml.ResolveFileProvider();
        var sources = configuration.Sources;
        var lastJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
        sources.Insert(lastJson + 1, yaml);

        // Environment variables were added before .env was read; add them again so .env values are visible.
        configuration.AddEnvironmentVariables();
        configuration.AddInMemoryCollection(PlatformAliases(configuration));
        configuration.AddCommandLine(args);
    }

    private static Dictionary<string, string?> PlatformAliases(IConfiguration configuration)
    {
        var aliases = new Dictionary<string, string?>();
        // DATABASE_URL (Render, Railway, Fly) means PostgreSQL unless sqlite was chosen explicitly or a connection string is set.
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url &&
            string.IsNullOrEmpty(configuration["database:connection_string"]) &&
            configuration["database:provider"] is null or "postgres")
        {
            aliases["database:connection_string"] = PostgresUrl.ToConnectionString(url);
            aliases["database:provider"] = "postgres";
        }
        if (string.IsNullOrEmpty(configuration["llm:api_key"]))
        {
            var key = configuration["llm:provider"] == "openrouter"
                ? Environment.GetEnvironmentVariable("OPENROUTER_API_KEY")
                : Environment.GetEnvironmentVariable("OPENAI_API_KEY");
            if (!string.IsNullOrEmpty(key))
            {
                aliases["llm:api_key"] = key;
            }
        }
        if (Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port && string.IsNullOrEmpty(configuration["urls"]))
        {
            aliases["urls"] = $"http://0.0.0.0:{port}";
        }
        return aliases;
    }
}
