using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Rag.Ingestion;

namespace SalesMate.Tests.Contributions;

/// <summary>Users contribute knowledge; only what a tenant_admin approves reaches retrieval, credited to its contributor.</summary>
public abstract class ContributionApiTests(ContributionAppFixture app)
{
    private static string Marker() => $"ref{Guid.NewGuid():N}"[..15];

    private static string ParkingText(string marker) =>
        $"Customers park for free in the basement garage under the store, level B2, for up to three hours. Garage code {marker}.";

    private async Task<MyContributionResponse> SubmitTextAsync(object body, string? session = null, string? bearer = null)
    {
        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", body, bearer, session);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<MyContributionResponse>();
    }

    private async Task<ContributionResponse> ReviewAsync(Guid id, string decision, string? note = null)
    {
        using var response = await app.SendAsync(HttpMethod.Post, $"/api/v1/contributions/{id}/{decision}", new { note }, app.Admin.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ContributionResponse>();
    }

    private async Task<IReadOnlyList<MyContributionResponse>> MineAsync(string? session = null, string? bearer = null)
    {
        using var response = await app.SendAsync(HttpMethod.Get, "/api/v1/contributions/mine", bearer: bearer, session: session);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.ReadAsync<MyContributionsResponse>()).Items;
    }

    private static MultipartFormDataContent FileForm(string name, byte[] content, string field = "file", string? title = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, field, name);
        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }
        return form;
    }

    [Fact]
    public async Task A_visitors_text_stays_out_of_retrieval_while_pending_and_is_cited_from_its_own_document_once_approved()
    {
        var marker = Marker();
        var visitor = await app.VisitorAsync();
        var submitted = await SubmitTextAsync(new { title = "Store parking", text = ParkingText(marker), category = "store info" }, session: visitor);

        submitted.Status.Should().Be("pending");
        submitted.Kind.Should().Be("text");
        (await app.AskAsync($"where do customers park {marker}")).Should().NotContain(p => p.Text.Contains(marker), "pending content is not searched");
        (await MineAsync(session: visitor)).Should().ContainSingle().Which.Id.Should().Be(submitted.Id);
        (await MineAsync(session: await app.VisitorAsync())).Should().BeEmpty("another visitor sees only their own");
        using (var pending = await app.SendAsync(HttpMethod.Get, "/api/v1/contributions?status=pending&page_size=100", bearer: app.Admin.Token))
        {
            (await pending.ReadAsync<PageResponse<ContributionResponse>>()).Items.Should().Contain(c => c.Id == submitted.Id && c.Text!.Contains(marker));
        }

        var approved = await ReviewAsync(submitted.Id, "approve");

        approved.Status.Should().Be("approved");
        approved.ReviewedByUserId.Should().Be(app.Admin.Id);
        var document = await app.WaitForDocumentAsync(approved.DocumentId!.Value);
        document.Status.Should().Be("ready", document.Error);
        document.Title.Should().Be("Store parking");
        document.Namespace.Should().Be("demo/sales");
        document.Tags.Should().Contain("contribution");
        var stored = await app.DbAsync(db => db.Documents.SingleAsync(d => d.Id == document.Id));
        stored.ContributionId.Should().Be(submitted.Id);
        stored.UploadedByUserId.Should().BeNull("an anonymous visitor has no account");

        var passages = await app.AskAsync($"where do customers park {marker}");
        passages.Should().NotBeEmpty();
        passages[0].DocumentId.Should().Be(document.Id);
        passages[0].Title.Should().Be("Store parking");
        passages[0].Text.Should().Contain("basement garage");
        (await MineAsync(session: visitor)).Single().Status.Should().Be("approved");
        var audit = await app.DbAsync(db => db.AuditLogs.Where(a => a.TargetId == submitted.Id.ToString()).ToListAsync());
        audit.Should().ContainSingle().Which.Action.Should().Be("contribution.approve");
        audit[0].ActorUserId.Should().Be(app.Admin.Id);
    }

    [Fact]
    public async Task A_signed_in_users_file_is_checked_like_an_upload_and_once_approved_its_document_credits_them()
    {
        var marker = Marker();
        var markdown = Encoding.UTF8.GetBytes($"# Gift wrapping\n\nWe gift wrap any purchase for free at the service desk. Ask for ribbon {marker}.\n");
        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", FileForm("gift-wrapping.md", markdown), app.Shopper.Token);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var submitted = await response.ReadAsync<MyContributionResponse>();
        submitted.Kind.Should().Be("file");
        submitted.FileName.Should().Be("gift-wrapping.md");
        submitted.Title.Should().Be("gift-wrapping");
        (await app.DbAsync(db => db.Contributions.SingleAsync(c => c.Id == submitted.Id))).Email.Should().Be(app.Shopper.Email.ToLowerInvariant());

        var approved = await ReviewAsync(submitted.Id, "approve", "Thanks, useful.");
        var document = await app.WaitForDocumentAsync(approved.DocumentId!.Value);

        document.Status.Should().Be("ready", document.Error);
        document.Format.Should().Be("md");
        (await app.DbAsync(db => db.Documents.SingleAsync(d => d.Id == document.Id))).UploadedByUserId.Should().Be(app.Shopper.Id);
        (await app.AskAsync($"gift wrap ribbon {marker}"))[0].DocumentId.Should().Be(document.Id);
        var mine = (await MineAsync(bearer: app.Shopper.Token)).Single(c => c.Id == submitted.Id);
        mine.Status.Should().Be("approved");
        mine.ReviewNote.Should().Be("Thanks, useful.");
    }

    [Fact]
    public async Task A_rejected_contribution_needs_a_reason_never_reaches_retrieval_and_cannot_be_approved_later()
    {
        var marker = Marker();
        var visitor = await app.VisitorAsync();
        var submitted = await SubmitTextAsync(new { text = $"Everything in the store is free on Sundays, just walk out with it. {marker}" }, session: visitor);
        submitted.Title.Should().StartWith("Everything in the store is free");

        using (var noReason = await app.SendAsync(HttpMethod.Post, $"/api/v1/contributions/{submitted.Id}/reject", new { }, app.Admin.Token))
        {
            noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await noReason.ReadAsync<ValidationProblemDetails>()).Errors.Should().ContainKey("note");
        }
        var rejected = await ReviewAsync(submitted.Id, "reject", "Not true: nothing is free.");

        rejected.Status.Should().Be("rejected");
        rejected.DocumentId.Should().BeNull();
        using (var late = await app.SendAsync(HttpMethod.Post, $"/api/v1/contributions/{submitted.Id}/approve", new { }, app.Admin.Token))
        {
            late.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }
        (await app.AskAsync($"is everything free on sundays {marker}")).Should().NotContain(p => p.Text.Contains(marker));
        (await app.DbAsync(db => db.DocumentChunks.CountAsync(c => c.Text.Contains(marker)))).Should().Be(0);
        (await MineAsync(session: visitor)).Single().ReviewNote.Should().Be("Not true: nothing is free.");
        (await app.DbAsync(db => db.AuditLogs.SingleAsync(a => a.TargetId == submitted.Id.ToString()))).Action.Should().Be("contribution.reject");
    }

    [Fact]
    public async Task Only_a_tenant_admin_reviews_and_lists_contributions()
    {
        var submitted = await SubmitTextAsync(new { text = ParkingText(Marker()) }, bearer: app.Shopper.Token);
        var approve = $"/api/v1/contributions/{submitted.Id}/approve";

        (await app.SendAsync(HttpMethod.Post, approve, new { }, app.Shopper.Token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.SendAsync(HttpMethod.Post, approve, new { }, app.Sales.Token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.SendAsync(HttpMethod.Post, approve, new { }, session: await app.VisitorAsync())).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.SendAsync(HttpMethod.Get, "/api/v1/contributions", bearer: app.Shopper.Token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.SendAsync(HttpMethod.Get, $"/api/v1/contributions/{submitted.Id}", bearer: app.Sales.Token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await app.DbAsync(db => db.Contributions.SingleAsync(c => c.Id == submitted.Id))).Status.Should().Be("pending");
        using var anonymous = await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", new { text = ParkingText(Marker()) });
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a contribution comes from an account or a chat session");
    }

    [Fact]
    public async Task Another_store_neither_sees_nor_reviews_nor_retrieves_a_contribution()
    {
        var marker = Marker();
        var submitted = await SubmitTextAsync(new { title = "Store parking", text = ParkingText(marker) }, session: await app.VisitorAsync());

        using (var list = await app.SendAsync(HttpMethod.Get, "/api/v1/contributions?page_size=100", bearer: app.OtherAdmin.Token, tenant: ContributionAppFixture.Other))
        {
            list.StatusCode.Should().Be(HttpStatusCode.OK);
            (await list.ReadAsync<PageResponse<ContributionResponse>>()).Items.Should().NotContain(c => c.Id == submitted.Id);
        }
        (await app.SendAsync(HttpMethod.Get, $"/api/v1/contributions/{submitted.Id}", bearer: app.OtherAdmin.Token, tenant: ContributionAppFixture.Other))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.SendAsync(HttpMethod.Post, $"/api/v1/contributions/{submitted.Id}/approve", new { }, app.OtherAdmin.Token, tenant: ContributionAppFixture.Other))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.SendAsync(HttpMethod.Post, $"/api/v1/contributions/{submitted.Id}/approve", new { }, app.OtherAdmin.Token))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the other store's admin token does not work in this store");

        var approved = await ReviewAsync(submitted.Id, "approve");
        (await app.WaitForDocumentAsync(approved.DocumentId!.Value)).Status.Should().Be("ready");
        (await app.AskAsync($"where do customers park {marker}")).Should().Contain(p => p.Text.Contains(marker));
        (await app.AskAsync($"where do customers park {marker}", ContributionAppFixture.Other)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("json", "{\"text\": \"too short\"}", HttpStatusCode.BadRequest, "text")]
    [InlineData("json", "{\"text\": ", HttpStatusCode.BadRequest, "body")]
    [InlineData("json", "{\"text\": \"A long enough text about opening hours.\", \"agent\": \"ghost\"}", HttpStatusCode.BadRequest, "agent")]
    [InlineData("plain", "Opening hours are nine to five on weekdays.", HttpStatusCode.UnsupportedMediaType, null)]
    [InlineData("exe", "", HttpStatusCode.UnsupportedMediaType, null)]
    [InlineData("empty", "", HttpStatusCode.BadRequest, "files")]
    [InlineData("two-files", "", HttpStatusCode.BadRequest, "file")]
    public async Task Bad_submissions_get_a_problem_saying_what_is_wrong_and_nothing_is_stored(string kind, string body, HttpStatusCode status,
        string? field)
    {
        var visitor = await app.VisitorAsync();
        HttpContent content = kind switch
        {
            "json" => new StringContent(body, Encoding.UTF8, "application/json"),
            "plain" => new StringContent(body, Encoding.UTF8, "text/plain"),
            "exe" => FileForm("notes.txt", TestDocuments.WindowsExecutable()),
            "empty" => FileForm("notes.txt", []),
            _ => TwoFiles(),
        };
        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", content, session: visitor);

        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        if (field is not null)
        {
            (await response.ReadAsync<ValidationProblemDetails>()).Errors.Should().ContainKey(field);
        }
        (await MineAsync(session: visitor)).Should().BeEmpty();

        static MultipartFormDataContent TwoFiles()
        {
            var form = FileForm("a.txt", Encoding.UTF8.GetBytes("Opening hours are nine to five."));
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("Closed on holidays.")), "file", "b.txt");
            return form;
        }
    }

    [Fact]
    public async Task Too_long_a_text_is_refused_before_it_is_stored()
    {
        using var response = await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", new { text = new string('a', 20_001) }, app.Shopper.Token);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ProblemDetails>()).Detail.Should().Contain("20000");
    }
}

[Collection("sqlite")]
public sealed class SqliteContributionApiTests(SqliteContributionAppFixture app) : ContributionApiTests(app), IClassFixture<SqliteContributionAppFixture>;

[Collection("postgres")]
public sealed class PostgresContributionApiTests(PostgresContributionAppFixture app) : ContributionApiTests(app), IClassFixture<PostgresContributionAppFixture>;
