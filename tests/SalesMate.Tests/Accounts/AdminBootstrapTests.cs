using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>The first super_admin: configured (ADMIN__EMAIL/ADMIN__PASSWORD) or a generated demo admin, created once.</summary>
public abstract class AdminBootstrapTests(DatabaseKind kind) : IAsyncLifetime
{
    private readonly string _credentials = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"admin-{Guid.NewGuid():N}", "admin-credentials.txt");
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(kind);

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (Directory.Exists(Path.GetDirectoryName(_credentials)))
        {
            Directory.Delete(Path.GetDirectoryName(_credentials)!, recursive: true);
        }
    }

    private async Task<T> WithAppAsync<T>(Dictionary<string, string> settings, Func<SalesMateFactory, HttpClient, Task<T>> work)
    {
        settings["admin:credentials_file"] = _credentials;
        await using var factory = new SalesMateFactory(_database, settings);
        using var client = factory.CreateKestrelClient();
        return await work(factory, client);
    }

    private static async Task<List<User>> SuperAdminsAsync(SalesMateFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
        return await db.Users.AsNoTracking().Where(u => u.Role == Roles.SuperAdmin).ToListAsync();
    }

    [Fact]
    public async Task Without_configuration_a_demo_admin_is_created_once_with_its_password_in_a_private_file()
    {
        var (email, password) = await WithAppAsync([], async (factory, client) =>
        {
            File.Exists(_credentials).Should().BeTrue();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(_credentials).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var lines = File.ReadAllLines(_credentials);
            var email = lines.Single(l => l.StartsWith("email: ", StringComparison.Ordinal))["email: ".Length..];
            var password = lines.Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
            email.Should().Be("admin@demo.local");
            password.Length.Should().BeGreaterThanOrEqualTo(20);
            var tokens = await client.LoginAsync(email, password);
            tokens.User.Role.Should().Be(Roles.SuperAdmin);
            tokens.User.EmailVerified.Should().BeTrue();
            foreach (var log in Directory.GetFiles(Path.Combine(Path.GetTempPath(), "salesmate-tests"), "app*.jsonl"))
            {
                (await File.ReadAllTextAsync(log)).Should().NotContain(password, "the password is printed to the console and the file, never logged");
            }
            return (email, password);
        });
        var written = await File.ReadAllTextAsync(_credentials);

        await WithAppAsync([], async (factory, client) =>
        {
            (await SuperAdminsAsync(factory)).Should().ContainSingle();
            (await File.ReadAllTextAsync(_credentials)).Should().Be(written, "a second start neither creates nor rewrites anything");
            await client.LoginAsync(email, password);
            return true;
        });
    }

    [Fact]
    public async Task A_configured_admin_is_created_once_and_never_reset()
    {
        var email = AccountsTestKit.NewEmail("owner");
        const string password = "the owners own passphrase 1";
        await WithAppAsync(new() { ["admin:email"] = email, ["admin:password"] = password }, async (factory, client) =>
        {
            var tokens = await client.LoginAsync(email, password);
            tokens.User.Role.Should().Be(Roles.SuperAdmin);
            File.Exists(_credentials).Should().BeFalse("no password was generated");
            return true;
        });

        await WithAppAsync(new() { ["admin:email"] = email, ["admin:password"] = "a different passphrase 2" }, async (factory, client) =>
        {
            (await SuperAdminsAsync(factory)).Should().ContainSingle().Which.Email.Should().Be(email);
            await client.LoginAsync(email, password);
            (await client.PostJsonAsync("/api/v1/auth/login", new { email, password = "a different passphrase 2" }))
                .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            return true;
        });
    }

    [Fact]
    public async Task A_weak_configured_admin_password_stops_the_start_naming_the_setting()
    {
        var act = () => WithAppAsync(new() { ["admin:email"] = "owner@example.com", ["admin:password"] = "password1" },
            (_, _) => Task.FromResult(true));

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("ADMIN__PASSWORD");
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminBootstrapTests() : AdminBootstrapTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresAdminBootstrapTests() : AdminBootstrapTests(DatabaseKind.Postgres);
