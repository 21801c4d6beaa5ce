using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Tests.Identity;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Contributions;

/// <summary>Privacy export shows a person's contributions; privacy deletion takes them, and what was learned from them, out of retrieval.</summary>
public abstract class ContributionPrivacyTests(ContributionAppFixture app)
{
    private async Task<string> CodeAsync(string session, string email, string purpose)
    {
        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/otp/request", new { email, purpose }, session: session);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return app.Outbox.LatestCode(email);
    }

    /// <summary>A visitor's approved, ingested contribution whose passage the question finds.</summary>
    private async Task<(string Session, Guid ContributionId, Guid DocumentId, string Marker)> ApprovedContributionAsync(string title)
    {
        var marker = $"ref{Guid.NewGuid():N}"[..15];
        var session = await app.VisitorAsync();
        using var submit = await app.SendAsync(HttpMethod.Post, "/api/v1/contributions",
            new { title, text = $"The loyalty card gives members a double points weekend every first Saturday of the month. Card series {marker}." },
            session: session);
        submit.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var id = (await submit.ReadAsync<MyContributionResponse>()).Id;
        using var approve = await app.SendAsync(HttpMethod.Post, $"/api/v1/contributions/{id}/approve", new { }, app.Admin.Token);
        var documentId = (await approve.ReadAsync<ContributionResponse>()).DocumentId!.Value;
        (await app.WaitForDocumentAsync(documentId)).Status.Should().Be("ready");
        (await app.AskAsync($"loyalty double points {marker}"))[0].DocumentId.Should().Be(documentId);
        return (session, id, documentId, marker);
    }

    [Fact]
    public async Task Privacy_export_lists_the_persons_contributions_with_their_review()
    {
        var (session, id, documentId, marker) = await ApprovedContributionAsync("Loyalty weekends");
        var email = IdentityAppFixture.NewEmail("contributor");

        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/privacy/export",
            new { email, code = await CodeAsync(session, email, "export") }, session: session);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var contributions = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("other").GetProperty("contributions");
        var exported = contributions.EnumerateArray().Should().ContainSingle().Subject;
        exported.GetProperty("id").GetGuid().Should().Be(id);
        exported.GetProperty("title").GetString().Should().Be("Loyalty weekends");
        exported.GetProperty("text").GetString().Should().Contain(marker);
        exported.GetProperty("status").GetString().Should().Be("approved");
        exported.GetProperty("document_id").GetGuid().Should().Be(documentId);
    }

    [Fact]
    public async Task Privacy_delete_removes_the_contributions_and_the_documents_made_from_them_so_the_question_no_longer_finds_them()
    {
        var mine = await ApprovedContributionAsync("Loyalty weekends");
        var someoneElse = await ApprovedContributionAsync("Loyalty weekends too");
        var email = IdentityAppFixture.NewEmail("forgetme");
        var version = await app.DbAsync(db => db.Tenants.Where(t => t.Id == app.DemoId).Select(t => t.KnowledgeVersion).SingleAsync());

        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/privacy/delete",
            new { email, code = await CodeAsync(mine.Session, email, "delete_data") }, session: mine.Session);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadAsync<PrivacyDeletedResponse>()).Deleted["contributions"].Should().Be(1);
        (await app.AskAsync($"loyalty double points {mine.Marker}")).Should().NotContain(p => p.Text.Contains(mine.Marker),
            "neither full text nor the in-memory vectors still hold the passage");
        (await app.AskAsync($"loyalty double points {someoneElse.Marker}"))[0].DocumentId.Should().Be(someoneElse.DocumentId,
            "another person's contribution stays");
        await app.DbAsync(async db =>
        {
            (await db.Contributions.AnyAsync(c => c.Id == mine.ContributionId)).Should().BeFalse();
            (await db.Documents.AnyAsync(d => d.Id == mine.DocumentId)).Should().BeFalse();
            (await db.DocumentChunks.AnyAsync(c => c.DocumentId == mine.DocumentId)).Should().BeFalse();
            (await db.Tenants.Where(t => t.Id == app.DemoId).Select(t => t.KnowledgeVersion).SingleAsync()).Should().BeGreaterThan(version);
            return true;
        });
        (await app.SendAsync(HttpMethod.Get, $"/api/v1/rag/documents/{mine.DocumentId}", bearer: app.Admin.Token)).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")]
public sealed class SqliteContributionPrivacyTests(SqliteContributionAppFixture app) : ContributionPrivacyTests(app), IClassFixture<SqliteContributionAppFixture>;

[Collection("postgres")]
public sealed class PostgresContributionPrivacyTests(PostgresContributionAppFixture app) : ContributionPrivacyTests(app), IClassFixture<PostgresContributionAppFixture>;
