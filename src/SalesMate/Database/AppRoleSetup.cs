using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;
using SalesMate.Config;

namespace SalesMate.Database;

public sealed record AppRoleResult(string Role, bool Created, string? GeneratedPassword);

/// <summary>
/// `salesmate create-app-role`: creates (or re-grants) the non-owner PostgreSQL role the app connects as in production
/// mode. Runs on database.migration_connection_string, which must be allowed to create roles (superuser or CREATEROLE).
/// </summary>
public sealed class AppRoleSetup(IOptions<DatabaseOptions> options, MigrationRunner migrations)
{
    public async Task<AppRoleResult> EnsureAsync(string role, string? password, CancellationToken cancellationToken)
    {
        await migrations.MigrateAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(options.Value.EffectiveMigrationConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname = @role", connection))
        {
            exists.Parameters.AddWithValue("role", role);
            var found = (long)(await exists.ExecuteScalarAsync(cancellationToken))! > 0;
            var generated = found || password is not null ? null : NewPassword();
            if (!found || password is not null)
            {
                // CREATE/ALTER ROLE take no parameters; the password is a quoted literal and never logged.
                var literal = "'" + (password ?? generated)!.Replace("'", "''", StringComparison.Ordinal) + "'";
                var sql = found
                    ? $"ALTER ROLE {MigrationRunner.Quote(role)} PASSWORD {literal}"
                    : $"CREATE ROLE {MigrationRunner.Quote(role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD {literal}";
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await MigrationRunner.GrantAppRoleAsync(connection, role, cancellationToken);
            return new AppRoleResult(role, !found, generated);
        }
    }

    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
