using Npgsql;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Isolation;

/// <summary>`salesmate create-app-role`: the production-mode role, made by the CLI the way DEPLOYMENT.md tells operators to.</summary>
[Collection("postgres")]
public sealed class AppRoleCliTests
{
    [Fact]
    public async Task The_created_role_may_read_and_write_rows_but_not_change_the_schema_and_sees_nothing_without_a_tenant()
    {
        var role = $"salesmate_test_cli_{Guid.NewGuid():N}"[..32];
        var password = $"pw-{Guid.NewGuid():N}";
        var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        try
        {
            var environment = CliRunner.DatabaseEnvironment(database);
            environment.Remove("DATABASE__APP_ROLE");
            environment["DATABASE__MIGRATION_CONNECTION_STRING"] = database.SuperuserConnectionString!; // may create roles
            environment["SALESMATE_APP_ROLE_PASSWORD"] = password;

            var created = await CliRunner.RunAsync(environment, "create-app-role", "--role", role);
            environment.Remove("SALESMATE_APP_ROLE_PASSWORD");
            var again = await CliRunner.RunAsync(environment, "create-app-role", "--role", role);

            created.ExitCode.Should().Be(0, created.Output);
            created.Output.Should().Contain($"Role {role} created").And.NotContain(password);
            again.ExitCode.Should().Be(0, again.Output);
            again.Output.Should().Contain($"Role {role} exists").And.NotContain("shown this one time");

            var asRole = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password };
            await using var connection = new NpgsqlConnection(asRole.ConnectionString);
            await connection.OpenAsync();
            (await ScalarAsync(connection, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")).Should().Be(false);
            (await ScalarAsync(connection, "SELECT count(*) FROM tenants")).Should().Be(0L, "nothing is seeded by create-app-role");
            (await ScalarAsync(connection, "SELECT count(*) FROM schema_migrations")).Should().NotBe(0L);
            foreach (var forbidden in new[] { "CREATE TABLE intruder (id int)", "ALTER TABLE products DISABLE ROW LEVEL SECURITY",
                         "DELETE FROM schema_migrations" })
            {
                var run = () => ScalarAsync(connection, forbidden);
                (await run.Should().ThrowAsync<PostgresException>(forbidden)).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
            }
        }
        finally
        {
            await database.DisposeAsync();
            await using var server = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable));
            await server.OpenAsync();
            await ScalarAsync(server, $"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
