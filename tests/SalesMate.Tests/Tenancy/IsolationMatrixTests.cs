using System.Net;
using SalesMate.Tests.Infrastructure;
using static System.Net.HttpStatusCode;
using static SalesMate.Tests.Infrastructure.TestAccounts;

namespace SalesMate.Tests.Tenancy;

/// <summary>
/// One attempt to reach the victim's rows (tenant alpha) with someone else's credentials. <see cref="Expected"/> is
/// 404 when the caller gets as far as the lookup, 401/403 when authentication or authorization stops it first.
/// </summary>
public sealed record Attack(string Name, Func<TenantSide, TenantSide, HttpRequestMessage> Build, params HttpStatusCode[] Expected);

/// <summary>
/// The tenant isolation matrix: every route that takes an id, tried with tenant beta's credentials (or a second
/// anonymous visitor of alpha) against alpha's ids in the path, the query and the body; then the listings. To cover a
/// new route, add a line to <see cref="Attacks"/> (and to <see cref="Listings"/> if it lists rows).
/// </summary>
public abstract class IsolationMatrixTests(MultiTenantFixture fixture)
{
    private static readonly (string, string) ForgedAlphaHeader = ("X-Tenant", "alpha");

    /// <summary>(victim alpha, attacker beta) → request.</summary>
    public static readonly Attack[] Attacks =
    [
        // products: id in the path
        new("product, beta path, anonymous", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/products/{a.ProductId}")), NotFound),
        new("product, beta admin token, no path", (a, b) => Request(HttpMethod.Get, $"/api/v1/products/{a.ProductId}", b.Admin.Token), NotFound),
        new("product, beta token at alpha path", (a, b) => Request(HttpMethod.Get, a.At($"/api/v1/products/{a.ProductId}"), b.User.Token), Unauthorized),
        new("product, beta token, forged X-Tenant", (a, b) => Request(HttpMethod.Get, $"/api/v1/products/{a.ProductId}", b.User.Token, headers: ForgedAlphaHeader), NotFound),
        new("product, anonymous, forged X-Tenant", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/products/{a.ProductId}"), headers: ForgedAlphaHeader), NotFound),

        // chat: conversation id in the path and in the body
        new("chat messages, beta visitor", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/chat/{a.ConversationId}/messages"), session: b.Visitor), NotFound),
        new("chat messages, beta visitor at alpha path", (a, b) => Request(HttpMethod.Get, a.At($"/api/v1/chat/{a.ConversationId}/messages"), session: b.Visitor), Unauthorized),
        new("chat messages, beta visitor, forged X-Tenant", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/chat/{a.ConversationId}/messages"), session: b.Visitor, headers: ForgedAlphaHeader), NotFound),
        new("chat delete, beta visitor", (a, b) => Request(HttpMethod.Delete, b.At($"/api/v1/chat/{a.ConversationId}"), session: b.Visitor), NotFound),
        new("chat delete, beta visitor at alpha path", (a, b) => Request(HttpMethod.Delete, a.At($"/api/v1/chat/{a.ConversationId}"), session: b.Visitor), Unauthorized),
        new("chat message body, beta visitor", (a, b) => Request(HttpMethod.Post, b.At("/api/v1/chat/message"), session: b.Visitor, body: new { conversation_id = a.ConversationId, message = "hi" }), NotFound),
        new("chat message body, beta visitor at alpha path", (a, b) => Request(HttpMethod.Post, a.At("/api/v1/chat/message"), session: b.Visitor, body: new { conversation_id = a.ConversationId, message = "hi" }), Unauthorized),

        // streams: conversation id in the body and path, stream id in the query and path
        new("stream create body, beta visitor", (a, b) => Request(HttpMethod.Post, b.At("/api/v1/streams"), session: b.Visitor, body: new { conversation_id = a.ConversationId, message = "hi" }), NotFound),
        new("stream create body, beta visitor at alpha path", (a, b) => Request(HttpMethod.Post, a.At("/api/v1/streams"), session: b.Visitor, body: new { conversation_id = a.ConversationId, message = "hi" }), Unauthorized),
        new("chat stream path, beta visitor", (a, b) => Request(HttpMethod.Post, b.At($"/api/v1/chat/{a.ConversationId}/stream"), session: b.Visitor, body: new { message = "hi" }), NotFound),
        new("stream events query, beta visitor", (a, b) => Request(HttpMethod.Get, b.At($"/events/stream?stream_id={a.StreamId}"), session: b.Visitor), NotFound),
        new("stream events query, beta visitor at alpha path", (a, b) => Request(HttpMethod.Get, a.At($"/events/stream?stream_id={a.StreamId}"), session: b.Visitor), Unauthorized),
        new("stream cancel, beta visitor", (a, b) => Request(HttpMethod.Post, b.At($"/api/v1/streams/{a.StreamId}/cancel"), session: b.Visitor), NotFound),
        new("stream cancel, beta visitor at alpha path", (a, b) => Request(HttpMethod.Post, a.At($"/api/v1/streams/{a.StreamId}/cancel"), session: b.Visitor), Unauthorized),

        // admin users
        new("admin user get, beta admin", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/admin/users/{a.User.Id}"), b.Admin.Token), NotFound),
        new("admin user patch, beta admin", (a, b) => Request(HttpMethod.Patch, b.At($"/api/v1/admin/users/{a.User.Id}"), b.Admin.Token, body: new { role = "tenant_admin" }), NotFound),
        new("admin user patch, beta admin, no path", (a, b) => Request(HttpMethod.Patch, $"/api/v1/admin/users/{a.User.Id}", b.Admin.Token, body: new { active = false }), NotFound),
        new("admin user patch, beta admin at alpha path", (a, b) => Request(HttpMethod.Patch, a.At($"/api/v1/admin/users/{a.User.Id}"), b.Admin.Token, body: new { active = false }), Unauthorized),
        new("admin user patch, beta admin, forged X-Tenant", (a, b) => Request(HttpMethod.Patch, $"/api/v1/admin/users/{a.User.Id}", b.Admin.Token, body: new { active = false }, headers: ForgedAlphaHeader), NotFound),
        new("admin user patch, beta user", (a, b) => Request(HttpMethod.Patch, b.At($"/api/v1/admin/users/{a.User.Id}"), b.User.Token, body: new { active = false }), Forbidden),
        new("admin user invite, beta admin at alpha path", (a, b) => Request(HttpMethod.Post, a.At("/api/v1/admin/users"), b.Admin.Token, body: new { email = "mole@beta.test", role = "tenant_admin" }), Unauthorized),

        // admin API keys
        new("api key revoke, beta admin", (a, b) => Request(HttpMethod.Delete, b.At($"/api/v1/admin/api-keys/{a.ApiKeyId}"), b.Admin.Token), NotFound),
        new("api key revoke, beta admin at alpha path", (a, b) => Request(HttpMethod.Delete, a.At($"/api/v1/admin/api-keys/{a.ApiKeyId}"), b.Admin.Token), Unauthorized),
        new("api key revoke, beta admin, forged X-Tenant", (a, b) => Request(HttpMethod.Delete, $"/api/v1/admin/api-keys/{a.ApiKeyId}", b.Admin.Token, headers: ForgedAlphaHeader), NotFound),

        // admin tenants (super_admin only)
        new("tenant get, beta admin", (a, b) => Request(HttpMethod.Get, $"/api/v1/admin/tenants/{a.TenantId}", b.Admin.Token), Forbidden),
        new("tenant patch, beta admin", (a, b) => Request(HttpMethod.Patch, $"/api/v1/admin/tenants/{a.TenantId}", b.Admin.Token, body: new { active = false }), Forbidden),
        new("tenant patch, anonymous", (a, b) => Request(HttpMethod.Patch, $"/api/v1/admin/tenants/{a.TenantId}", body: new { name = "owned" }), Unauthorized),

        // the tenant's own settings, agents, audit log and usage
        new("settings patch, beta admin at alpha path", (a, b) => Request(HttpMethod.Patch, a.At("/api/v1/admin/settings"), b.Admin.Token, body: new { model = "evil" }), Unauthorized),
        new("settings patch, beta admin, forged X-Tenant", (a, b) => Request(HttpMethod.Patch, "/api/v1/admin/settings", b.Admin.Token, body: new { branding = new { greeting = "hello from beta" } }, headers: ForgedAlphaHeader), OK),
        new("agent patch, beta admin at alpha path", (a, b) => Request(HttpMethod.Patch, a.At("/api/v1/admin/agents/sales"), b.Admin.Token, body: new { enabled = false }), Unauthorized),
        new("audit log, beta admin at alpha path", (a, b) => Request(HttpMethod.Get, a.At("/api/v1/admin/audit-log"), b.Admin.Token), Unauthorized),
        new("usage, beta API key at alpha path", (a, b) => Request(HttpMethod.Get, a.At("/api/v1/usage"), b.ApiKey), Unauthorized),
        new("usage, beta admin at alpha path", (a, b) => Request(HttpMethod.Get, a.At("/api/v1/usage"), b.Admin.Token), Unauthorized),

        // knowledge base documents (tenant_admin)
        new("document get, beta admin", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/rag/documents/{a.DocumentId}"), b.Admin.Token), NotFound),
        new("document get, beta admin, forged X-Tenant", (a, b) => Request(HttpMethod.Get, $"/api/v1/rag/documents/{a.DocumentId}", b.Admin.Token, headers: ForgedAlphaHeader), NotFound),
        new("document chunks, beta admin", (a, b) => Request(HttpMethod.Get, b.At($"/api/v1/rag/documents/{a.DocumentId}/chunks"), b.Admin.Token), NotFound),
        new("document delete, beta admin", (a, b) => Request(HttpMethod.Delete, b.At($"/api/v1/rag/documents/{a.DocumentId}"), b.Admin.Token), NotFound),
        new("document delete, beta admin at alpha path", (a, b) => Request(HttpMethod.Delete, a.At($"/api/v1/rag/documents/{a.DocumentId}"), b.Admin.Token), Unauthorized),
        new("document delete, alpha user", (a, _) => Request(HttpMethod.Delete, a.At($"/api/v1/rag/documents/{a.DocumentId}"), a.User.Token), Forbidden),
        new("document reindex, beta admin", (a, b) => Request(HttpMethod.Post, b.At($"/api/v1/rag/documents/{a.DocumentId}/reindex"), b.Admin.Token), NotFound),
        new("document reindex, beta admin at alpha path", (a, b) => Request(HttpMethod.Post, a.At($"/api/v1/rag/documents/{a.DocumentId}/reindex"), b.Admin.Token), Unauthorized),
        new("document upload, beta admin at alpha path", (a, b) => Request(HttpMethod.Post, a.At("/api/v1/rag/upload"), b.Admin.Token), Unauthorized),

        // two anonymous visitors of the same tenant (alpha's second visitor against the first one's rows)
        new("same tenant: chat messages", (a, _) => Request(HttpMethod.Get, a.At($"/api/v1/chat/{a.ConversationId}/messages"), session: a.OtherVisitor), NotFound),
        new("same tenant: chat delete", (a, _) => Request(HttpMethod.Delete, a.At($"/api/v1/chat/{a.ConversationId}"), session: a.OtherVisitor), NotFound),
        new("same tenant: chat message body", (a, _) => Request(HttpMethod.Post, a.At("/api/v1/chat/message"), session: a.OtherVisitor, body: new { conversation_id = a.ConversationId, message = "hi" }), NotFound),
        new("same tenant: stream create body", (a, _) => Request(HttpMethod.Post, a.At("/api/v1/streams"), session: a.OtherVisitor, body: new { conversation_id = a.ConversationId, message = "hi" }), NotFound),
        new("same tenant: chat stream path", (a, _) => Request(HttpMethod.Post, a.At($"/api/v1/chat/{a.ConversationId}/stream"), session: a.OtherVisitor, body: new { message = "hi" }), NotFound),
        new("same tenant: stream events query", (a, _) => Request(HttpMethod.Get, a.At($"/events/stream?stream_id={a.StreamId}"), session: a.OtherVisitor), NotFound),
        new("same tenant: stream cancel", (a, _) => Request(HttpMethod.Post, a.At($"/api/v1/streams/{a.StreamId}/cancel"), session: a.OtherVisitor), NotFound),
        new("same tenant: no session at all", (a, _) => Request(HttpMethod.Get, a.At($"/api/v1/chat/{a.ConversationId}/messages")), Unauthorized),
    ];

    /// <summary>Listings read with beta's credentials (or alpha's second visitor) and what must be in them.</summary>
    public static readonly (string Name, Func<TenantSide, TenantSide, HttpRequestMessage> Build, Func<TenantSide, TenantSide, string?> MustContain)[] Listings =
    [
        ("products", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/products")), (_, b) => b.ProductSku),
        ("products, beta token, no path", (a, b) => Request(HttpMethod.Get, "/api/v1/products", b.User.Token), (_, b) => b.ProductSku),
        ("products, beta token, forged X-Tenant", (a, b) => Request(HttpMethod.Get, "/api/v1/products", b.User.Token, headers: ForgedAlphaHeader), (_, b) => b.ProductSku),
        ("product search for alpha's product", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/products/search?q=Aurora%20Camera%20X")), (_, _) => null),
        ("categories", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/products/categories")), (_, b) => b.Category),
        ("chat history", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/chat/history"), session: b.Visitor), (_, b) => b.ConversationId.ToString()),
        ("admin users", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/admin/users"), b.Admin.Token), (_, b) => b.Admin.Email),
        ("admin users, forged X-Tenant", (a, b) => Request(HttpMethod.Get, "/api/v1/admin/users", b.Admin.Token, headers: ForgedAlphaHeader), (_, b) => b.User.Email),
        ("admin api keys", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/admin/api-keys"), b.Admin.Token), (_, b) => b.ApiKeyPrefix),
        ("admin audit log", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/admin/audit-log"), b.Admin.Token), (_, b) => b.ApiKeyId.ToString()),
        ("admin agents", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/admin/agents"), b.Admin.Token), (_, b) => $"{b.Slug}/trainer"),
        ("admin settings", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/admin/settings"), b.Admin.Token), (_, b) => b.TenantId.ToString()),
        ("rag documents", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/rag/documents"), b.Admin.Token), (_, b) => b.DocumentId.ToString()),
        ("rag documents, forged X-Tenant", (a, b) => Request(HttpMethod.Get, "/api/v1/rag/documents", b.Admin.Token, headers: ForgedAlphaHeader), (_, b) => b.DocumentId.ToString()),
        ("usage with beta API key", (a, b) => Request(HttpMethod.Get, b.At("/api/v1/usage?group_by=day"), b.ApiKey), (_, _) => null),
        ("usage with beta admin", (a, b) => Request(HttpMethod.Get, "/api/v1/usage", b.Admin.Token), (_, _) => null),
    ];

    public static TheoryData<string> AttackNames => [.. Attacks.Select(a => a.Name)];

    public static TheoryData<string> ListingNames => [.. Listings.Select(l => l.Name)];

    [Theory]
    [MemberData(nameof(AttackNames))]
    public async Task Crossing_into_another_tenant_or_session_is_refused_and_changes_nothing(string name)
    {
        var attack = Attacks.Single(a => a.Name == name);
        var before = await fixture.SnapshotAsync(fixture.Alpha.TenantId);

        using var request = attack.Build(fixture.Alpha, fixture.Beta);
        var sent = request.RequestUri + (request.Content is null ? "" : await request.Content.ReadAsStringAsync());
        using var response = await fixture.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        attack.Expected.Should().Contain(response.StatusCode, body);
        if (!response.IsSuccessStatusCode)
        {
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", "every refusal is a problem document");
        }
        foreach (var marker in fixture.Alpha.Markers.Where(m => !sent.Contains(m, StringComparison.Ordinal)))
        {
            body.Should().NotContain(marker, "nothing of the victim's data may leak into the answer");
        }
        (await fixture.SnapshotAsync(fixture.Alpha.TenantId)).Should().Be(before, "the victim's data must not change");
    }

    [Theory]
    [MemberData(nameof(ListingNames))]
    public async Task Listings_never_show_another_tenants_rows(string name)
    {
        var listing = Listings.Single(l => l.Name == name);
        using var response = await fixture.Client.SendAsync(listing.Build(fixture.Alpha, fixture.Beta));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(OK, body);
        if (listing.MustContain(fixture.Alpha, fixture.Beta) is { } own)
        {
            body.Should().Contain(own, "the caller sees its own rows");
        }
        foreach (var marker in fixture.Alpha.Markers)
        {
            body.Should().NotContain(marker);
        }
    }

    [Fact]
    public async Task Two_visitors_of_one_tenant_see_only_their_own_conversations()
    {
        var alpha = fixture.Alpha;
        var first = await fixture.Client.SendAsync(Request(HttpMethod.Get, alpha.At("/api/v1/chat/history"), session: alpha.Visitor));
        var second = await fixture.Client.SendAsync(Request(HttpMethod.Get, alpha.At("/api/v1/chat/history"), session: alpha.OtherVisitor));

        var firstBody = await first.Content.ReadAsStringAsync();
        var secondBody = await second.Content.ReadAsStringAsync();
        firstBody.Should().Contain(alpha.ConversationId.ToString()).And.NotContain(alpha.OtherConversationId.ToString());
        secondBody.Should().Contain(alpha.OtherConversationId.ToString()).And.NotContain(alpha.ConversationId.ToString());
    }
}

[Collection("sqlite")]
public sealed class SqliteIsolationMatrixTests(SqliteMultiTenantFixture fixture) : IsolationMatrixTests(fixture), IClassFixture<SqliteMultiTenantFixture>;

[Collection("postgres")]
public sealed class PostgresIsolationMatrixTests(PostgresMultiTenantFixture fixture) : IsolationMatrixTests(fixture), IClassFixture<PostgresMultiTenantFixture>;
