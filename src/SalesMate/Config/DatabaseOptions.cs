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

    /// <summary>
    /// PostgreSQL only: how many statements Npgsql prepares on each connection once they have run
    /// <see cref="AutoPreparePerConnectionMinUsages"/> times (Npgsql's Max Auto Prepare; 0 = off). A key of the same name
    /// in connection_string wins. Put 0 behind PgBouncer in transaction mode older than 1.21 (docs/ENVIRONMENT_VARIABLES.md).
    /// </summary>
    [ConfigurationKeyName("max_auto_prepare")]
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>PostgreSQL only: runs of the same statement on a connection before Npgsql prepares it (Auto Prepare Min Usages).</summary>
    [ConfigurationKeyName("auto_prepare_min_usages")]
    public int AutoPreparePerConnectionMinUsages { get; set; } = 2;

    /// <summary>
    /// PostgreSQL only: when false (default), a chat turn's writes (the question and stream row, the answer's batch, the
    /// stream's events) commit without waiting for the WAL flush (<c>synchronous_commit = off</c> for those commits only):
    /// a crash of the database server may lose the last fraction of a second of turns, never corrupt or half-store one,
    /// which is what SQLite's WAL with synchronous=NORMAL gives. True: every commit waits for the disk.
    /// See docs/decisions/0013b-postgres-cost-per-turn.md.
    /// </summary>
    [ConfigurationKeyName("durable_chat_commits")]
    public bool DurableChatCommits { get; set; }

    public bool IsPostgres => Provider == "postgres";

    /// <summary>The connection the app's DbContext uses: on PostgreSQL, connection_string with the auto-prepare settings it does not set itself.</summary>
    public string AppConnectionString => IsPostgres
        ? Database.NpgsqlAutoPrepare.Apply(ConnectionString ?? "", MaxAutoPrepare, AutoPreparePerConnectionMinUsages)
        : EffectiveConnectionString;

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
        if (MaxAutoPrepare is < 0 or > 1000)
        {
            yield return $"database.max_auto_prepare must be between 0 (off) and 1000; got {MaxAutoPrepare}.";
        }
        if (AutoPreparePerConnectionMinUsages is < 1 or > 1000)
        {
            yield return $"database.auto_prepare_min_usages must be between 1 and 1000; got {AutoPreparePerConnectionMinUsages}.";
        }
        if (AppRole is { Length: > 0 } role && !IsRoleName(role))
        {
            yield return $"database.app_role must be a lower-case PostgreSQL role name (letters, digits, underscores); got '{role}'.";
        }
    }
}
