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

    /// <summary>
    /// PostgreSQL only: a connection as the tables' owner, used to apply migrations (start-up and `salesmate migrate`)
    /// when the app itself connects as a non-owner role. Unset: migrations use connection_string.
    /// </summary>
    [ConfigurationKeyName("migration_connection_string")]
    public string? MigrationConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only (production mode): the non-owner role connection_string logs in as. Migrations grant it
    /// SELECT/INSERT/UPDATE/DELETE on every table, and the app refuses to start if it connects as another role or as
    /// one that skips row-level security (superuser, BYPASSRLS, table owner).
    /// </summary>
    [ConfigurationKeyName("app_role")]
    public string? AppRole { get; set; }

    public bool IsPostgres => Provider == "postgres";

    /// <summary>The connection migrations run on (PostgreSQL URLs are accepted, like DATABASE_URL).</summary>
    public string EffectiveMigrationConnectionString => IsPostgres && MigrationConnectionString is { Length: > 0 } owner
        ? PostgresUrl.ToConnectionString(owner)
        : EffectiveConnectionString;

    public string EffectiveConnectionString =>
        ConnectionString is { Length: > 0 } value ? value : "Data Source=var/salesmate.db";

    /// <summary>A plain lower-case identifier, so it needs no quoting rules beyond double quotes.</summary>
    public static bool IsRoleName(string value) => System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z_][a-z0-9_]{0,62}$");

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
        if (AppRole is { Length: > 0 } role && !IsRoleName(role))
        {
            yield return $"database.app_role must be a lower-case PostgreSQL role name (letters, digits, underscores); got '{role}'.";
        }
    }
}
