using System.Net;
using System.Text.RegularExpressions;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.OpenAiCompat.OpenAiTestKit;

namespace SalesMate.Tests.OpenAiCompat;

/// <summary>`salesmate api-keys create|list|revoke` as a separate process against the database the web app serves.</summary>
public abstract partial class ApiKeyCliTests(AppFixture fixture)
{
    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(CliRunner.DatabaseEnvironment(fixture.Factory.Database), args);

    [GeneratedRegex(@"\bsm_[A-Za-z0-9_-]{43}\b")]
    private static partial Regex KeyPattern();

    [Fact]
    public async Task Create_prints_the_key_once_list_shows_its_prefix_and_revoke_makes_it_fail_with_401()
    {
        var name = $"cli-{Guid.NewGuid():N}"[..12];
        var created = await RunAsync("api-keys", "create", "--name", name);
        created.ExitCode.Should().Be(0, created.Output);
        var key = KeyPattern().Match(created.Output).Value;
        key.Should().NotBeEmpty(created.Output);
        created.Output.Should().Contain("cannot be shown again");

        (await fixture.Client.GetAsync("/v1/models", key)).StatusCode.Should().Be(HttpStatusCode.OK);

        var list = await RunAsync("api-keys", "list");
        list.ExitCode.Should().Be(0, list.Output);
        list.Output.Should().Contain(key[..11]).And.Contain(name).And.Contain("active");
        list.Output.Should().NotContain(key, "the key itself is never shown again");
        KeyPattern().IsMatch(list.Output).Should().BeFalse();

        var revoked = await RunAsync("api-keys", "revoke", key[..11]);
        revoked.ExitCode.Should().Be(0, revoked.Output);
        revoked.Output.Should().Contain("Revoked");
        (await fixture.Client.GetAsync("/v1/models", key)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var again = await RunAsync("api-keys", "revoke", key[..11]);
        again.ExitCode.Should().Be(0, again.Output);
        again.Output.Should().Contain("already revoked");
        (await RunAsync("api-keys", "list")).Output.Should().Contain("revoked");
    }

    [Fact]
    public async Task Revoke_of_an_unknown_key_and_create_without_a_name_fail()
    {
        var unknown = await RunAsync("api-keys", "revoke", "sm_nothere");
        unknown.ExitCode.Should().Be(1, unknown.Output);
        unknown.Output.Should().Contain("No API key");

        var nameless = await RunAsync("api-keys", "create");
        nameless.ExitCode.Should().NotBe(0, nameless.Output);
        nameless.Output.Should().Contain("--name");
    }

    [Theory]
    [InlineData("api-keys", "create")]
    [InlineData("api-keys", "list")]
    [InlineData("api-keys", "revoke")]
    [InlineData("api-keys")]
    public async Task Every_api_keys_command_has_help(params string[] command)
    {
        var help = await RunAsync([.. command, "--help"]);
        help.ExitCode.Should().Be(0, help.Output);
        help.Output.Should().Contain("Usage:").And.Contain(command[^1]);
    }
}

[Collection("sqlite")]
public sealed class SqliteApiKeyCliTests(SqliteAppFixture fixture) : ApiKeyCliTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresApiKeyCliTests(PostgresAppFixture fixture) : ApiKeyCliTests(fixture), IClassFixture<PostgresAppFixture>;
