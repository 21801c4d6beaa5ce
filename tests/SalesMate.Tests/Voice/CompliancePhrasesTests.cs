using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Voice;

/// <summary>A tenant admin sets <c>settings.training.compliance_phrases</c>; role-play scoring checks exactly those.</summary>
public abstract class CompliancePhrasesTests(AppFixture fixture)
{
    private async Task<HttpResponseMessage> PatchSettingsAsync(string adminToken, object patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/admin/settings") { Content = JsonContent.Create(patch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return await fixture.Client.SendAsync(request);
    }

    private async Task<JsonElement> ScoredRolePlayAsync(string traineeSays)
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/training/start", new { mode = "roleplay", persona = "price_sensitive" });
        var training = await start.ReadAsync<StartTrainingResponse>();
        var reply = await fixture.Client.PostJsonAsync("/a/trainer/api/v1/chat/message",
            new { conversation_id = training.ConversationId, message = traineeSays }, training.SessionToken);
        reply.StatusCode.Should().Be(HttpStatusCode.OK, await reply.Content.ReadAsStringAsync());
        var score = await fixture.Client.PostJsonAsync($"/api/v1/roleplay/{training.ConversationId}/score", new { }, training.SessionToken);
        score.StatusCode.Should().Be(HttpStatusCode.OK, await score.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await score.Content.ReadAsStringAsync()).RootElement.GetProperty("compliance");
    }

    private static IEnumerable<string?> Strings(JsonElement list) => list.EnumerateArray().Select(e => e.GetString());

    [Fact]
    public async Task The_admins_phrases_are_what_scoring_checks_and_null_brings_back_the_default()
    {
        var admin = await fixture.Factory.CreateAccountAsync(await fixture.Factory.TenantIdAsync("demo"), $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        const string trainee = "GAP insurance is optional, about 11 dollars a month, and you can cancel within 30 days.";
        try
        {
            var set = await PatchSettingsAsync(admin.Token, new { training = new { compliance_phrases = new[] { " optional ", "30 days", "Optional" } } });
            set.StatusCode.Should().Be(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
            var stored = JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement.GetProperty("settings").GetProperty("training");
            Strings(stored.GetProperty("compliance_phrases")).Should().Equal("optional", "30 days"); // trimmed, duplicates dropped

            var compliance = await ScoredRolePlayAsync(trainee);
            Strings(compliance.GetProperty("required")).Should().Equal("optional", "30 days");
            Strings(compliance.GetProperty("missing")).Should().BeEmpty();

            foreach (var bad in new object[] { "optional", new[] { "" }, Enumerable.Range(0, 21).Select(i => $"phrase {i}").ToArray(), new[] { new string('x', 101) } })
            {
                var refused = await PatchSettingsAsync(admin.Token, new { training = new { compliance_phrases = bad } });
                refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                (await refused.Content.ReadAsStringAsync()).Should().Contain("settings.training.compliance_phrases");
            }
            var unknown = await PatchSettingsAsync(admin.Token, new { training = new { phrases = new[] { "optional" } } });
            (await unknown.Content.ReadAsStringAsync()).Should().Contain("settings.training.phrases");
        }
        finally
        {
            (await PatchSettingsAsync(admin.Token, new { training = (object?)null })).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var byDefault = await ScoredRolePlayAsync(trainee);
        Strings(byDefault.GetProperty("required")).Should().Equal("optional", "terms and conditions"); // training.compliance_phrases
        Strings(byDefault.GetProperty("missing")).Should().Equal("terms and conditions");
    }
}

[Collection("sqlite")]
public sealed class SqliteCompliancePhrasesTests(SqliteAppFixture fixture) : CompliancePhrasesTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresCompliancePhrasesTests(PostgresAppFixture fixture) : CompliancePhrasesTests(fixture), IClassFixture<PostgresAppFixture>;
