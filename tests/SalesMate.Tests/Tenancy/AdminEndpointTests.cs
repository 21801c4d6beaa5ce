using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.Infrastructure.TestAccounts;

namespace SalesMate.Tests.Tenancy;

/// <summary>The admin API: tenants (super_admin), users, API keys, settings, audit log and usage (tenant_admin).</summary>
public abstract class AdminEndpointTests(MultiTenantFixture fixture)
{
    private HttpClient Client => fixture.Client;
    private TenantSide Alpha => fixture.Alpha;

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static HttpRequestMessage RawJson(HttpMethod method, string url, string token, string json)
    {
        var request = Request(method, url, token);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private async Task<JsonElement> AuditAsync(string slug, string action, string token) =>
        (await SendAsync(Request(HttpMethod.Get, $"/t/{slug}/api/v1/admin/audit-log?action={action}", token), HttpStatusCode.OK)).GetProperty("items");

    [Fact]
    public async Task A_super_admin_creates_a_tenant_with_its_agents_and_an_invited_first_admin()
    {
        var root = fixture.SuperAdmin.Token;
        var created = await SendAsync(Request(HttpMethod.Post, "/api/v1/admin/tenants", root, body: new
        {
            name = "Delta Devices",
            slug = "delta",
            settings = new
            {
                currency = "eur",
                allowed_origins = new[] { "https://shop.delta.test/", "http://localhost:5173" },
                sales_recipient_email = "leads@delta.test",
                branding = new { primary_color = "#1A73E8", display_name = "Delta" },
            },
            admin_email = " Owner@Delta.test ",
        }), HttpStatusCode.Created);

        var tenant = created.GetProperty("tenant");
        tenant.GetProperty("slug").GetString().Should().Be("delta");
        tenant.GetProperty("active").GetBoolean().Should().BeTrue();
        var settings = tenant.GetProperty("settings");
        settings.GetProperty("currency").GetString().Should().Be("EUR");
        settings.GetProperty("allowed_origins").EnumerateArray().Select(o => o.GetString()).Should().Equal("https://shop.delta.test", "http://localhost:5173");
        settings.GetProperty("branding").GetProperty("primary_color").GetString().Should().Be("#1a73e8");
        created.GetProperty("agents").EnumerateArray().Select(a => (a.GetProperty("agent").GetString(), a.GetProperty("enabled").GetBoolean(),
            a.GetProperty("retrieval_namespace").GetString())).Should().Equal(("sales", true, "delta/sales"), ("trainer", true, "delta/trainer"));
        var admin = created.GetProperty("invited_admin");
        admin.GetProperty("email").GetString().Should().Be("owner@delta.test");
        admin.GetProperty("role").GetString().Should().Be(Roles.TenantAdmin);
        admin.GetProperty("invited").GetBoolean().Should().BeTrue();

        var id = tenant.GetProperty("id").GetGuid();
        var stored = await fixture.Factory.InTenantAsync(id, async (_, db) => await db.Users.SingleAsync());
        stored.PasswordHash.Should().BeNull("signup completes the invitation");
        stored.Role.Should().Be(Roles.TenantAdmin);

        var audit = await SendAsync(Request(HttpMethod.Get, "/t/delta/api/v1/admin/audit-log", root), HttpStatusCode.OK);
        audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Contain(["tenant.create", "user.invite"]);
        audit.GetProperty("items")[0].GetProperty("actor_email").GetString().Should().Be(fixture.SuperAdmin.Email);

        (await SendAsync(Request(HttpMethod.Get, $"/api/v1/admin/tenants/{id}", root), HttpStatusCode.OK)).GetProperty("name").GetString().Should().Be("Delta Devices");
        await SendAsync(Request(HttpMethod.Get, $"/api/v1/admin/tenants/{Guid.NewGuid()}", root), HttpStatusCode.NotFound);
        var duplicate = await SendAsync(Request(HttpMethod.Post, "/api/v1/admin/tenants", root, body: new { name = "Again", slug = "delta" }), HttpStatusCode.Conflict);
        duplicate.GetProperty("detail").GetString().Should().Contain("delta");
    }

    [Fact]
    public async Task Tenant_input_is_validated_with_one_problem_naming_every_bad_field()
    {
        var problem = await SendAsync(RawJson(HttpMethod.Post, "/api/v1/admin/tenants", fixture.SuperAdmin.Token, """
            {"name": "", "slug": "Bad Slug", "admin_email": "nobody",
             "settings": {"temperature": 3, "allowed_origins": ["*"], "sales_recipient_email": "nope", "currency": "XXX",
                          "max_tokens": 0, "branding": {"logo_url": "http://logo.test/x.png", "primary_color": "blue"}, "theme": "dark"}}
            """), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(
            "name", "slug", "admin_email", "settings.temperature", "settings.allowed_origins", "settings.sales_recipient_email",
            "settings.currency", "settings.max_tokens", "settings.branding.logo_url", "settings.branding.primary_color", "settings.theme");

        foreach (var origin in new[] { "null", "https://*.delta.test", "https://shop.delta.test/path", "ftp://shop.delta.test" })
        {
            var bad = await SendAsync(Request(HttpMethod.Post, "/api/v1/admin/tenants", fixture.SuperAdmin.Token,
                body: new { name = "Origins", slug = "origins", settings = new { allowed_origins = new[] { origin } } }), HttpStatusCode.BadRequest);
            bad.GetProperty("errors").EnumerateObject().Single().Name.Should().Be("settings.allowed_origins", origin);
        }
    }

    [Fact]
    public async Task Only_super_admins_manage_tenants_and_the_default_tenant_stays_active()
    {
        await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/tenants", Alpha.Admin.Token), HttpStatusCode.Forbidden);
        await SendAsync(Request(HttpMethod.Post, "/api/v1/admin/tenants", Alpha.Admin.Token, body: new { name = "Mine", slug = "mine" }), HttpStatusCode.Forbidden);
        await SendAsync(Request(HttpMethod.Get, "/api/v1/admin/tenants"), HttpStatusCode.Unauthorized);

        var demo = await fixture.Factory.TenantIdAsync("demo");
        await SendAsync(Request(HttpMethod.Patch, $"/api/v1/admin/tenants/{demo}", fixture.SuperAdmin.Token, body: new { active = false }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_tenant_admin_invites_users_and_cannot_grant_more_than_it_has()
    {
        var token = Alpha.Admin.Token;
        var invited = await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/users"), token, body: new { email = "New.Seller@Alpha.test", role = "sales" }), HttpStatusCode.Created);
        invited.GetProperty("email").GetString().Should().Be("new.seller@alpha.test");
        invited.GetProperty("invited").GetBoolean().Should().BeTrue();
        invited.GetProperty("active").GetBoolean().Should().BeTrue();

        await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/users"), token, body: new { email = "new.seller@alpha.test", role = "user" }), HttpStatusCode.Conflict);
        await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/users"), token, body: new { email = "boss@alpha.test", role = "super_admin" }), HttpStatusCode.Forbidden);
        var bad = await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/users"), token, body: new { email = "not-an-email", role = "boss" }), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("email", "role");
        await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/users"), Alpha.User.Token, body: new { email = "x@alpha.test", role = "user" }), HttpStatusCode.Forbidden);

        var list = await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/users"), token), HttpStatusCode.OK);
        list.EnumerateArray().Select(u => u.GetProperty("email").GetString()).Should().Contain(["new.seller@alpha.test", Alpha.Admin.Email, Alpha.User.Email]);

        var self = await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{Alpha.Admin.Id}"), token, body: new { role = "user" }), HttpStatusCode.Forbidden);
        self.GetProperty("detail").GetString().Should().Contain("your own role");
        await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{Alpha.Admin.Id}"), token, body: new { active = false }), HttpStatusCode.Forbidden);

        var superInAlpha = await fixture.Factory.CreateAccountAsync(Alpha.TenantId, "root@alpha.test", Roles.SuperAdmin);
        await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{superInAlpha.Id}"), token, body: new { active = false }), HttpStatusCode.Forbidden);
        await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{invited.GetProperty("id").GetGuid()}"), token, body: new { role = "super_admin" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_role_change_is_audited_and_ends_the_users_sessions_so_old_tokens_stop_working()
    {
        var seller = await fixture.Factory.CreateAccountAsync(Alpha.TenantId, "seller@alpha.test", Roles.User);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage"), seller.Token), HttpStatusCode.Forbidden);

        var changed = await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{seller.Id}"), Alpha.Admin.Token, body: new { role = "tenant_admin" }), HttpStatusCode.OK);
        changed.GetProperty("role").GetString().Should().Be(Roles.TenantAdmin);

        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage"), seller.Token), HttpStatusCode.Unauthorized);
        var entry = (await AuditAsync("alpha", "user.role_change", Alpha.Admin.Token)).EnumerateArray()
            .Single(e => e.GetProperty("target_id").GetString() == seller.Id.ToString());
        entry.GetProperty("target_id").GetString().Should().Be(seller.Id.ToString());
        entry.GetProperty("details").GetProperty("from").GetString().Should().Be(Roles.User);
        entry.GetProperty("details").GetProperty("to").GetString().Should().Be(Roles.TenantAdmin);
        entry.GetProperty("actor_email").GetString().Should().Be(Alpha.Admin.Email);
        entry.GetProperty("ip_address").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Deactivating_a_user_revokes_all_its_sessions_at_once()
    {
        var colleague = await fixture.Factory.CreateAccountAsync(Alpha.TenantId, "colleague@alpha.test", Roles.TenantAdmin);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/users"), colleague.Token), HttpStatusCode.OK);

        var patched = await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{colleague.Id}"), Alpha.Admin.Token, body: new { active = false }), HttpStatusCode.OK);
        patched.GetProperty("active").GetBoolean().Should().BeFalse();

        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/users"), colleague.Token), HttpStatusCode.Unauthorized);
        var sessions = await fixture.Factory.InTenantAsync(Alpha.TenantId, async (_, db) =>
            await db.AuthSessions.AsNoTracking().Where(s => s.UserId == colleague.Id).ToListAsync());
        sessions.Should().OnlyContain(s => s.RevokedAt != null && s.RevokedReason == "deactivated");
        (await AuditAsync("alpha", "user.deactivate", Alpha.Admin.Token)).EnumerateArray()
            .Should().Contain(e => e.GetProperty("target_id").GetString() == colleague.Id.ToString());

        await SendAsync(Request(HttpMethod.Patch, Alpha.At($"/api/v1/admin/users/{colleague.Id}"), Alpha.Admin.Token, body: new { active = true }), HttpStatusCode.OK);
        // Reactivation does not revive ended sessions: the user signs in again.
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/users"), colleague.Token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_stored_hashed_and_revoked_with_an_audit_trail()
    {
        var token = Alpha.Admin.Token;
        var created = await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/api-keys"), token, body: new { name = "  crm sync " }), HttpStatusCode.Created);
        var secret = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetGuid();
        secret.Should().StartWith("sm_");
        created.GetProperty("name").GetString().Should().Be("crm sync");

        using (var list = await Client.SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/api-keys"), token)))
        {
            var body = await list.Content.ReadAsStringAsync();
            body.Should().Contain(id.ToString()).And.NotContain(secret, "the key is shown once");
        }
        var stored = await fixture.Factory.InTenantAsync(Alpha.TenantId, async (_, db) => await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id));
        stored.KeyHash.Should().NotContain(secret).And.HaveLength(64);
        await SendAsync(Request(HttpMethod.Get, "/v1/models", secret), HttpStatusCode.OK);

        await SendAsync(Request(HttpMethod.Delete, Alpha.At($"/api/v1/admin/api-keys/{id}"), token), HttpStatusCode.NoContent);
        await SendAsync(Request(HttpMethod.Get, "/v1/models", secret), HttpStatusCode.Unauthorized);
        await SendAsync(Request(HttpMethod.Delete, Alpha.At($"/api/v1/admin/api-keys/{id}"), token), HttpStatusCode.NoContent);
        await SendAsync(Request(HttpMethod.Delete, Alpha.At($"/api/v1/admin/api-keys/{Guid.NewGuid()}"), token), HttpStatusCode.NotFound);
        await SendAsync(Request(HttpMethod.Post, Alpha.At("/api/v1/admin/api-keys"), token, body: new { name = " " }), HttpStatusCode.BadRequest);

        using var audit = await Client.SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/audit-log?page_size=200"), token));
        var auditBody = await audit.Content.ReadAsStringAsync();
        auditBody.Should().NotContain(secret, "audit details never hold secrets");
        var revokes = (await AuditAsync("alpha", "api_key.revoke", token)).EnumerateArray().Where(e => e.GetProperty("target_id").GetString() == id.ToString());
        revokes.Should().ContainSingle("revoking twice is one action");
        (await AuditAsync("alpha", "api_key.create", token)).EnumerateArray().Should().Contain(e => e.GetProperty("target_id").GetString() == id.ToString());
    }

    [Fact]
    public async Task The_audit_log_is_newest_first_and_paged()
    {
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(Request(HttpMethod.Patch, Alpha.At("/api/v1/admin/settings"), Alpha.Admin.Token, body: new { branding = new { greeting = $"Hello {i}" } }), HttpStatusCode.OK);
        }
        var first = await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/audit-log?page_size=2"), Alpha.Admin.Token), HttpStatusCode.OK);
        var second = await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/audit-log?page_size=2&page=2"), Alpha.Admin.Token), HttpStatusCode.OK);

        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        items.Should().HaveCount(4);
        items.Select(e => e.GetProperty("created_at").GetDateTime()).Should().BeInDescendingOrder();
        items.Select(e => e.GetProperty("id").GetGuid()).Should().OnlyHaveUniqueItems();
        first.GetProperty("total").GetInt32().Should().BeGreaterThanOrEqualTo(4);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/admin/audit-log?page=0"), Alpha.Admin.Token), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Settings_are_a_merge_patch_where_null_resets_a_value()
    {
        var url = Alpha.At("/api/v1/admin/settings");
        var token = Alpha.Admin.Token;
        var patched = await SendAsync(Request(HttpMethod.Patch, url, token, body: new
        {
            sales_recipient_email = "leads@alpha.test",
            temperature = 0.4,
            demo_personas = false,
            branding = new { display_name = "Alpha Optics", greeting = "Welcome!" },
        }), HttpStatusCode.OK);
        var settings = patched.GetProperty("settings");
        settings.GetProperty("sales_recipient_email").GetString().Should().Be("leads@alpha.test");
        settings.GetProperty("temperature").GetDecimal().Should().Be(0.4m);
        settings.GetProperty("demo_personas").GetBoolean().Should().BeFalse();

        var reset = await SendAsync(RawJson(HttpMethod.Patch, url, token, """{"temperature": null, "branding": {"greeting": null}}"""), HttpStatusCode.OK);
        var after = reset.GetProperty("settings");
        after.GetProperty("temperature").ValueKind.Should().Be(JsonValueKind.Null);
        after.GetProperty("branding").GetProperty("greeting").ValueKind.Should().Be(JsonValueKind.Null);
        after.GetProperty("branding").GetProperty("display_name").GetString().Should().Be("Alpha Optics", "members the patch leaves out keep their value");
        after.GetProperty("sales_recipient_email").GetString().Should().Be("leads@alpha.test");

        var read = await SendAsync(Request(HttpMethod.Get, url, token), HttpStatusCode.OK);
        read.GetProperty("slug").GetString().Should().Be("alpha");
        read.GetProperty("settings").GetProperty("branding").GetProperty("display_name").GetString().Should().Be("Alpha Optics");

        (await SendAsync(RawJson(HttpMethod.Patch, url, token, """{"colour": "red"}"""), HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString().Should().Contain("settings.colour is not a setting");
        var longName = new string('x', 100_000);
        var unknownLong = await SendAsync(RawJson(HttpMethod.Patch, url, token, $$"""{"{{longName}}": 1}"""), HttpStatusCode.BadRequest);
        unknownLong.GetRawText().Length.Should().BeLessThan(1_000, "a client's key is not echoed back at any length");
        await SendAsync(RawJson(HttpMethod.Patch, url, token, """["model"]"""), HttpStatusCode.BadRequest);
        await SendAsync(Request(HttpMethod.Patch, url, Alpha.User.Token, body: new { model = "x" }), HttpStatusCode.Forbidden);
        (await AuditAsync("alpha", "settings.update", token)).EnumerateArray()
            .Should().Contain(e => e.GetProperty("details").GetProperty("settings").GetString() == "temperature,branding");
    }

    [Fact]
    public async Task Only_a_super_admin_changes_a_tenants_monthly_budget()
    {
        var url = Alpha.At("/api/v1/admin/settings");
        var budget = (await SendAsync(Request(HttpMethod.Get, url, Alpha.Admin.Token), HttpStatusCode.OK)).GetProperty("settings").GetProperty("monthly_budget_usd").GetRawText();

        var refused = await SendAsync(Request(HttpMethod.Patch, url, Alpha.Admin.Token, body: new { monthly_budget_usd = 1_000_000, model = "gpt-4o-refused" }),
            HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString().Should().Contain("settings.monthly_budget_usd").And.Contain("super_admin");
        var kept = (await SendAsync(Request(HttpMethod.Get, url, Alpha.Admin.Token), HttpStatusCode.OK)).GetProperty("settings");
        kept.GetProperty("monthly_budget_usd").GetRawText().Should().Be(budget);
        kept.GetProperty("model").ToString().Should().NotBe("gpt-4o-refused", "nothing of a refused patch is saved");
        await SendAsync(RawJson(HttpMethod.Patch, url, Alpha.Admin.Token, $$"""{"monthly_budget_usd": {{budget}}}"""), HttpStatusCode.OK); // unchanged: allowed

        var raised = await SendAsync(Request(HttpMethod.Patch, "/api/v1/admin/settings", fixture.SuperAdmin.Token, body: new { monthly_budget_usd = 40 },
            headers: ("X-Tenant", "alpha")), HttpStatusCode.OK);
        raised.GetProperty("settings").GetProperty("monthly_budget_usd").GetDecimal().Should().Be(40m);
        var restore = RawJson(HttpMethod.Patch, "/api/v1/admin/settings", fixture.SuperAdmin.Token, $$"""{"monthly_budget_usd": {{budget}}}""");
        restore.Headers.Add("X-Tenant", "alpha");
        await SendAsync(restore, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Usage_takes_a_tenant_admin_or_an_api_key()
    {
        (await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage"), Alpha.Admin.Token), HttpStatusCode.OK)).GetProperty("group_by").GetString().Should().Be("model");
        await SendAsync(Request(HttpMethod.Get, "/api/v1/usage", Alpha.Admin.Token), HttpStatusCode.OK);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage"), Alpha.ApiKey), HttpStatusCode.OK);
        await SendAsync(Request(HttpMethod.Get, "/api/v1/usage", Alpha.ApiKey), HttpStatusCode.OK);
        await SendAsync(Request(HttpMethod.Get, "/api/v1/usage", fixture.SuperAdmin.Token, headers: ("X-Tenant", "alpha")), HttpStatusCode.OK);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage"), Alpha.User.Token), HttpStatusCode.Forbidden);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage")), HttpStatusCode.Unauthorized);
        await SendAsync(Request(HttpMethod.Get, Alpha.At("/api/v1/usage"), "sm_" + new string('x', 43)), HttpStatusCode.Unauthorized);
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminEndpointTests(SqliteMultiTenantFixture fixture) : AdminEndpointTests(fixture), IClassFixture<SqliteMultiTenantFixture>;

[Collection("postgres")]
public sealed class PostgresAdminEndpointTests(PostgresMultiTenantFixture fixture) : AdminEndpointTests(fixture), IClassFixture<PostgresMultiTenantFixture>;
