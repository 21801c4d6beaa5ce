using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Tests.Identity;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Voice;

/// <summary>Privacy export shows a trainee's role-play sessions with their score reports; privacy deletion removes them.</summary>
public abstract class TrainingPrivacyTests(IdentityAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>A scored role-play: the trainee handles the price objection with a compliance phrase.</summary>
    private async Task<StartTrainingResponse> ScoredRolePlayAsync(string line)
    {
        var start = await Client.PostJsonAsync("/api/v1/training/start", new { mode = "roleplay", persona = "price_sensitive" });
        start.StatusCode.Should().Be(HttpStatusCode.OK, await start.Content.ReadAsStringAsync());
        var training = await start.ReadAsync<StartTrainingResponse>();
        var reply = await Client.PostJsonAsync("/a/trainer/api/v1/chat/message",
            new { conversation_id = training.ConversationId, message = line }, training.SessionToken);
        reply.StatusCode.Should().Be(HttpStatusCode.OK, await reply.Content.ReadAsStringAsync());
        var score = await Client.PostJsonAsync($"/api/v1/roleplay/{training.ConversationId}/score", new { }, training.SessionToken);
        score.StatusCode.Should().Be(HttpStatusCode.OK, await score.Content.ReadAsStringAsync());
        return training;
    }

    private async Task<string> CodeAsync(string sessionToken, string email, string purpose)
    {
        var response = await fixture.RequestCodeAsync(sessionToken, email, purpose);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return fixture.Outbox.LatestCode(email);
    }

    [Fact]
    public async Task Privacy_export_lists_the_trainees_role_play_with_its_score_report_and_transcript()
    {
        var line = $"I understand, GAP coverage is optional and costs about $12 a month, reference {Guid.NewGuid():N}.";
        var mine = await ScoredRolePlayAsync(line);
        var email = IdentityAppFixture.NewEmail("trainee");

        var response = await Client.PostJsonAsync("/api/v1/privacy/export",
            new { email, code = await CodeAsync(mine.SessionToken!, email, "export") }, mine.SessionToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var session = export.GetProperty("other").GetProperty("training_sessions").EnumerateArray().Should().ContainSingle().Subject;
        session.GetProperty("conversation_id").GetGuid().Should().Be(mine.ConversationId);
        session.GetProperty("mode").GetString().Should().Be("roleplay");
        session.GetProperty("profile").GetString().Should().Be("price_sensitive");
        var score = session.GetProperty("score").GetInt32();
        session.GetProperty("report").GetProperty("score").GetInt32().Should().Be(score, "the report is exported as JSON, not as a string");
        session.GetProperty("report").GetProperty("objections").GetArrayLength().Should().BeGreaterThan(0);
        var transcript = export.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == mine.ConversationId);
        transcript.GetProperty("messages").EnumerateArray().Should().Contain(m => m.GetProperty("content").GetString() == line,
            "the session's conversation carries the trainee's words");
    }

    [Fact]
    public async Task Privacy_delete_removes_the_trainees_sessions_and_leaves_other_trainees_alone()
    {
        var mine = await ScoredRolePlayAsync("It is optional and protects you if the car is a total loss.");
        var someoneElse = await ScoredRolePlayAsync("The coverage is optional; here are the terms and conditions.");
        var email = IdentityAppFixture.NewEmail("forget-trainee");

        var response = await Client.PostJsonAsync("/api/v1/privacy/delete",
            new { email, code = await CodeAsync(mine.SessionToken!, email, "delete_data") }, mine.SessionToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadAsync<PrivacyDeletedResponse>()).Deleted["training_sessions"].Should().Be(1);
        (await fixture.DbAsync(db => db.TrainingSessions.AnyAsync(t => t.ConversationId == mine.ConversationId))).Should().BeFalse();
        (await fixture.DbAsync(db => db.Conversations.AnyAsync(c => c.Id == mine.ConversationId))).Should().BeFalse();
        (await fixture.DbAsync(db => db.TrainingSessions.Where(t => t.ConversationId == someoneElse.ConversationId).Select(t => t.Score).SingleAsync()))
            .Should().NotBeNull("another trainee's scored session stays");
    }
}

[Collection("sqlite")]
public sealed class SqliteTrainingPrivacyTests(SqliteIdentityAppFixture fixture) : TrainingPrivacyTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresTrainingPrivacyTests(PostgresIdentityAppFixture fixture) : TrainingPrivacyTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
