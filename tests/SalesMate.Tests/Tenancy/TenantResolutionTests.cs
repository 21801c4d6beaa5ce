using System.Net;
using System.Text.Json;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.Infrastructure.TestAccounts;

namespace SalesMate.Tests.Tenancy;

/// <summary>Multi-tenant mode with the tenant in the path: which tenant each request acts for, and what is refused.</summary>
public abstract class TenantResolutionTests(MultiTenantFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Title(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("title").GetString()!;

    [Fact]
    public async Task Each_tenant_path_serves_that_tenants_catalog_from_the_same_routes()
    {
        var (alphaStatus, alpha) = await SendAsync(Request(HttpMethod.Get, fixture.Alpha.At("/api/v1/products")));
        var (betaStatus, beta) = await SendAsync(Request(HttpMethod.Get, fixture.Beta.At("/api/v1/products/search?q=drone")));

        alphaStatus.Should().Be(HttpStatusCode.OK);
        alpha.Should().Contain(fixture.Alpha.ProductSku).And.NotContain(fixture.Beta.ProductSku);
        betaStatus.Should().Be(HttpStatusCode.OK);
        beta.Should().Contain(fixture.Beta.ProductSku).And.NotContain(fixture.Alpha.ProductSku);
    }

    [Theory]
    [InlineData("/t/nowhere/api/v1/products")]
    [InlineData("/t/Not_A_Slug/api/v1/products")]
    public async Task An_unknown_tenant_is_a_404_problem(string url)
    {
        var (status, body) = await SendAsync(Request(HttpMethod.Get, url));
        status.Should().Be(HttpStatusCode.NotFound);
        Title(body).Should().Be("Tenant not found");
    }

    [Fact]
    public async Task An_anonymous_request_that_names_no_tenant_is_told_how_to_name_one()
    {
        var (status, body) = await SendAsync(Request(HttpMethod.Get, "/api/v1/products"));
        status.Should().Be(HttpStatusCode.BadRequest);
        Title(body).Should().Be("Tenant required");
        body.Should().Contain("/t/{tenant}");
    }

    [Fact]
    public async Task A_signed_in_user_without_a_tenant_in_the_url_acts_for_the_tenant_of_its_token()
    {
        var (status, body) = await SendAsync(Request(HttpMethod.Get, "/api/v1/products", fixture.Alpha.User.Token));
        status.Should().Be(HttpStatusCode.OK);
        body.Should().Contain(fixture.Alpha.ProductSku).And.NotContain(fixture.Beta.ProductSku);
    }

    [Fact]
    public async Task A_super_admin_must_name_the_tenant_it_acts_on()
    {
        var token = fixture.SuperAdmin.Token;
        var (unnamed, problem) = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/users", token));
        unnamed.Should().Be(HttpStatusCode.BadRequest);
        Title(problem).Should().Be("Tenant required");
        problem.Should().Contain("X-Tenant");

        var (byHeader, alphaUsers) = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/users", token, headers: ("X-Tenant", "alpha")));
        byHeader.Should().Be(HttpStatusCode.OK);
        alphaUsers.Should().Contain(fixture.Alpha.Admin.Email).And.NotContain(fixture.Beta.Admin.Email);

        var (byId, betaById) = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/users", token, headers: ("X-Tenant", fixture.Beta.TenantId.ToString())));
        byId.Should().Be(HttpStatusCode.OK);
        betaById.Should().Contain(fixture.Beta.Admin.Email).And.NotContain(fixture.Alpha.Admin.Email);

        var (byPath, betaUsers) = await SendAsync(Request(HttpMethod.Get, fixture.Beta.At("/api/v1/admin/users"), token));
        byPath.Should().Be(HttpStatusCode.OK);
        betaUsers.Should().Contain(fixture.Beta.Admin.Email);

        var (conflict, conflictProblem) = await SendAsync(Request(HttpMethod.Get, fixture.Beta.At("/api/v1/admin/users"), token, headers: ("X-Tenant", "alpha")));
        conflict.Should().Be(HttpStatusCode.BadRequest);
        Title(conflictProblem).Should().Be("Conflicting tenants");

        var (unknown, _) = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/users", token, headers: ("X-Tenant", "nowhere")));
        unknown.Should().Be(HttpStatusCode.NotFound);

        var (tenants, list) = await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/tenants", token));
        tenants.Should().Be(HttpStatusCode.OK, "managing tenants is not an action inside one tenant");
        list.Should().Contain("\"alpha\"").And.Contain("\"beta\"");
    }

    [Fact]
    public async Task A_new_tenant_is_served_at_once_and_a_deactivated_one_answers_404_until_reactivated()
    {
        var token = fixture.SuperAdmin.Token;
        var created = await Client.SendAsync(Request(HttpMethod.Post, "/api/v1/admin/tenants", token,
            body: new { name = "Gamma Gadgets", slug = "gamma" }));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("tenant").GetProperty("id").GetGuid();

        (await SendAsync(Request(HttpMethod.Get, "/t/gamma/api/v1/products"))).Status.Should().Be(HttpStatusCode.OK);

        (await SendAsync(Request(HttpMethod.Patch, $"/api/v1/admin/tenants/{id}", token, body: new { active = false }))).Status.Should().Be(HttpStatusCode.OK);
        var (gone, problem) = await SendAsync(Request(HttpMethod.Get, "/t/gamma/api/v1/products"));
        gone.Should().Be(HttpStatusCode.NotFound, "deactivation takes effect at once, cached lookups included");
        Title(problem).Should().Be("Tenant not found");

        (await SendAsync(Request(HttpMethod.Patch, $"/api/v1/admin/tenants/{id}", token, body: new { active = true }))).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(Request(HttpMethod.Get, "/t/gamma/api/v1/products"))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_session_cookie_of_a_tenant_is_scoped_to_its_path()
    {
        using var response = await Client.SendAsync(Request(HttpMethod.Post, fixture.Alpha.At("/api/v1/chat/start"), body: new { }));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith("salesmate_session=", StringComparison.Ordinal))
            .Which.Should().Contain("path=/t/alpha");
    }

    [Fact]
    public async Task An_agent_prefix_follows_the_tenant_prefix_and_unknown_agents_are_404()
    {
        var (trainer, _) = await SendAsync(Request(HttpMethod.Post, fixture.Alpha.At("/a/trainer/api/v1/chat/start"), body: new { }));
        trainer.Should().Be(HttpStatusCode.OK);

        var (unknown, problem) = await SendAsync(Request(HttpMethod.Post, fixture.Alpha.At("/a/closer/api/v1/chat/start"), body: new { }));
        unknown.Should().Be(HttpStatusCode.NotFound);
        Title(problem).Should().Be("Agent not found");
    }
}

[Collection("sqlite")]
public sealed class SqliteTenantResolutionTests(SqliteMultiTenantFixture fixture) : TenantResolutionTests(fixture), IClassFixture<SqliteMultiTenantFixture>;

[Collection("postgres")]
public sealed class PostgresTenantResolutionTests(PostgresMultiTenantFixture fixture) : TenantResolutionTests(fixture), IClassFixture<PostgresMultiTenantFixture>;
