using System.Net;
using System.Net.Http.Json;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Web;

/// <summary>The API pieces the web UI adds (answer feedback, UI config, widget script), over real HTTP on SQLite and PostgreSQL.</summary>
public abstract class WebEndpointTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<(StartChatResponse Chat, ChatMessageResponse Answer)> ChatAsync()
    {
        var chat = await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var answer = await (await Client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = chat.ConversationId, message = "noise cancelling headphones" }, chat.SessionToken)).ReadAsync<ChatMessageResponse>();
        return (chat, answer);
    }

    private Task<HttpResponseMessage> FeedbackAsync(Guid messageId, object body, string? token) =>
        Client.PostJsonAsync($"/api/v1/chat/messages/{messageId}/feedback", body, token);

    [Fact]
    public async Task A_shopper_rates_and_reports_an_answer_and_an_admin_reads_it_with_the_question()
    {
        var (chat, answer) = await ChatAsync();
        var up = await FeedbackAsync(answer.MessageId, new { rating = "up" }, chat.SessionToken);
        up.StatusCode.Should().Be(HttpStatusCode.OK, await up.Content.ReadAsStringAsync());
        var changed = await (await FeedbackAsync(answer.MessageId, new { rating = "down", inaccurate = true, comment = "Wrong battery life" },
            chat.SessionToken)).ReadAsync<FeedbackResponse>();
        changed.Rating.Should().Be("down");
        changed.Inaccurate.Should().BeTrue();
        changed.Id.Should().Be((await up.ReadAsync<FeedbackResponse>()).Id, "one verdict per answer and session, updated");

        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var list = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/admin/feedback?inaccurate=true", admin.Token));
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await list.ReadAsync<AdminFeedbackPage>();
        var item = page.Items.Should().ContainSingle(i => i.Feedback.MessageId == answer.MessageId).Subject;
        item.Question.Should().Be("noise cancelling headphones");
        item.Answer.Should().Be(answer.Answer);
        item.Feedback.Comment.Should().Be("Wrong battery life");

        var user = await fixture.Factory.CreateAccountAsync(tenantId, $"user-{Guid.NewGuid():N}@example.com", Roles.User);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/admin/feedback", user.Token))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Feedback_needs_the_answers_own_session_and_a_verdict()
    {
        var (chat, answer) = await ChatAsync();
        var (other, _) = await ChatAsync();
        (await FeedbackAsync(answer.MessageId, new { rating = "up" }, other.SessionToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await FeedbackAsync(answer.MessageId, new { rating = "up" }, null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await FeedbackAsync(answer.MessageId, new { rating = "meh" }, chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await FeedbackAsync(answer.MessageId, new { }, chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await FeedbackAsync(answer.MessageId, new { comment = new string('x', 1001) }, chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var messages = await (await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken))
            .ReadAsync<MessagesResponse>();
        var question = messages.Messages.First(m => m.Role == "user");
        (await FeedbackAsync(question.Id, new { rating = "up" }, chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.NotFound, "only answers are rated");

        (await FeedbackAsync(answer.MessageId, new { inaccurate = true }, chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client.SendWithSessionAsync(HttpMethod.Delete, $"/api/v1/chat/{chat.ConversationId}", chat.SessionToken)).StatusCode
            .Should().Be(HttpStatusCode.NoContent, "feedback goes with its conversation");
    }

    [Fact]
    public async Task The_ui_config_and_the_widget_script_are_public()
    {
        var config = await Client.GetFromJsonAsync<UiConfigResponse>("/api/v1/ui/config", SalesMateFactory.Json);
        config!.DisplayName.Should().NotBeNullOrEmpty();
        config.Input.SubmitShortcut.Should().Be("ctrl+enter");
        config.Personas.Select(p => p.Code).Should().Contain("gamer");

        var widget = await Client.GetAsync("/widget.js");
        widget.StatusCode.Should().Be(HttpStatusCode.OK);
        widget.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        var script = await widget.Content.ReadAsStringAsync();
        script.Should().Contain("SALESMATE_TENANT_MODE = \"single\"").And.Contain("attachShadow").And.Contain("DOMPurify");

        var page = await Client.GetAsync("/");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'");
        (await page.Content.ReadAsStringAsync()).Should().Contain("/lib/htmx/htmx.min.js").And.NotContain("<script>");
        (await Client.GetAsync("/lib/dompurify/purify.min.js")).StatusCode.Should().Be(HttpStatusCode.OK, "npm libraries are served from wwwroot/lib");
    }
}

[Collection("sqlite")]
public sealed class SqliteWebEndpointTests(SqliteAppFixture fixture) : WebEndpointTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresWebEndpointTests(PostgresAppFixture fixture) : WebEndpointTests(fixture), IClassFixture<PostgresAppFixture>;
