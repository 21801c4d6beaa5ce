using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>database</c>: SQLite by default, PostgreSQL with provider=postgres.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "database";
    public static readonly string[] Providers = ["sqlite", "postgres"];

    /// <summary>sqlite (default, file var/salesmate.db) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";

    [ConfigurationKeyName("connection_string")]
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the web app starts (the CLI has `salesmate migrate`).</summary>
    [ConfigurationKeyName("auto_migrate")]
    public bool AutoMigrate { get; set; } = true;

    public bool IsPostgres => Provider == "postgres";

    public string EffectiveConnectionString =>
        ConnectionString is { Length: > 0 } value ? value : "Data Source=var/salesmate.db";

    internal IEnumerable<string> Validate()
    {
        if (!Providers.Contains(Provider))
        {
            yield return OptionErrors.NotOneOf("database.provider", Provider, Providers);
        }
        else if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "database.connection_string (DATABASE__CONNECTION_STRING or DATABASE_URL) is required when database.provider is 'postgres'.";
        }
    }
}
