using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Api;

/// <summary>Inputs that once made the API answer 500 or the wrong data: each gets problem details, and nothing stored changes.</summary>
public abstract class MalformedInputTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<TestAccount> AdminAsync() => await fixture.Factory.CreateAccountAsync(
        await fixture.Factory.TenantIdAsync("demo"), $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);

    private async Task<string> SessionAsync() =>
        (await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>()).SessionToken!;

    private static async Task<ValidationProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await response.ReadAsync<ValidationProblemDetails>();
    }

    [Theory]
    [InlineData("/api/v1/rag/upload", "files")]
    [InlineData("/api/v1/admin/products/imports", "file")]
    [InlineData("/api/v1/contributions", "file")]
    public async Task A_multipart_body_cut_short_is_a_400_naming_the_field(string url, string field)
    {
        var admin = await AdminAsync();
        var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes(
            "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.csv\"\r\n\r\nsku,name\r\n"));
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
        using var request = TestAccounts.Request(HttpMethod.Post, url, admin.Token, await SessionAsync());
        request.Content = truncated;

        var problem = await ProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest);

        problem.Errors.Should().ContainKey(field).WhoseValue.Single().Should().Contain("closing boundary");
    }

    [Theory]
    [InlineData("/api/v1/products?page=2147483647&page_size=100")]
    [InlineData("/api/v1/rag/documents?page=2147483647&page_size=100")]
    [InlineData("/api/v1/contributions?page=2147483647&page_size=100")]
    [InlineData("/api/v1/admin/audit-log?page=2147483647&page_size=200")]
    [InlineData("/api/v1/admin/feedback?page=2147483647&page_size=200")]
    public async Task A_page_far_past_the_end_is_empty_not_a_wrapped_offset(string url)
    {
        var admin = await AdminAsync();

        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, url, admin.Token));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.ReadAsync<System.Text.Json.JsonElement>();
        page.GetProperty("items").GetArrayLength().Should().Be(0);
        page.GetProperty("page").GetInt32().Should().Be(int.MaxValue);
    }

    [Fact]
    public async Task A_null_or_excess_learned_fact_is_a_400_and_the_stored_facts_stay()
    {
        var user = await AdminAsync();
        var put = TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", user.Token,
            body: new { learned_facts = new[] { new { kind = "brand", value = "Dell" } } });
        (await Client.SendAsync(put)).StatusCode.Should().Be(HttpStatusCode.OK);

        var withNull = TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", user.Token, body: new { learned_facts = new object?[] { null } });
        (await ProblemAsync(await Client.SendAsync(withNull), HttpStatusCode.BadRequest)).Errors.Should().ContainKey("learned_facts[0]");

        var tooMany = Enumerable.Range(0, 101).Select(i => new { kind = "fact", value = $"fact {i}" }).ToArray();
        var excess = TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", user.Token, body: new { learned_facts = tooMany });
        (await ProblemAsync(await Client.SendAsync(excess), HttpStatusCode.BadRequest)).Errors.Should().ContainKey("learned_facts");

        var profile = await (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/users/profile", user.Token))).ReadAsync<UserMeResponse>();
        profile.LearnedFacts.Should().ContainSingle().Which.Value.Should().Be("Dell");
    }

    [Theory]
    [InlineData("/api/v1/products?category=lap%00tops")]
    [InlineData("/api/v1/leads?q=a%00b")]
    [InlineData("/api/v1/admin/audit-log?action=a%00b")]
    public async Task A_nul_character_in_a_query_is_refused_on_every_database(string url)
    {
        var admin = await AdminAsync();

        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, url, admin.Token));

        await ExpectRefusedAsync(response);
    }

    [Fact]
    public async Task A_nul_character_in_a_chat_message_is_refused_on_every_database_and_stores_nothing()
    {
        var started = await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();

        var response = await Client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = started.ConversationId, message = "a laptop \u0000 please" }, started.SessionToken);

        await ExpectRefusedAsync(response);
        var messages = await (await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{started.ConversationId}/messages", started.SessionToken))
            .ReadAsync<MessagesResponse>();
        messages.Messages.Should().HaveCount(1, "a refused message leaves only the greeting");
    }

    [Fact]
    public async Task Binding_failures_say_what_to_send_without_naming_server_types()
    {
        var session = await SessionAsync();
        async Task<ValidationProblemDetails> SendAsync(string? body, string contentType, HttpStatusCode status)
        {
            using var request = TestAccounts.Request(HttpMethod.Post, "/api/v1/chat/message", session: session);
            request.Content = new StringContent(body ?? "", Encoding.UTF8, contentType);
            if (body is null)
            {
                request.Content.Headers.ContentLength = 0;
            }
            return await ProblemAsync(await Client.SendAsync(request), status);
        }

        (await SendAsync(null, "application/json", HttpStatusCode.BadRequest)).Detail.Should().Contain("needs a JSON body").And.NotContain("Service");
        (await SendAsync("null", "application/json", HttpStatusCode.BadRequest)).Detail.Should().Contain("needs a JSON body");
        (await SendAsync("{\"conversation_id\": 5, \"message\": \"hi\"}", "application/json", HttpStatusCode.BadRequest)).Detail
            .Should().Contain("$.conversation_id").And.Contain("wrong JSON type").And.NotContain("SalesMate.");
        (await SendAsync("{\"message\": \"hi\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)).Detail
            .Should().Contain("Content-Type: application/json");
    }

    [Fact]
    public async Task A_nul_character_in_a_profile_is_refused_and_the_stored_profile_stays()
    {
        var user = await AdminAsync();
        var put = TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", user.Token,
            body: new { key_features = new[] { "long battery" }, learned_facts = new[] { new { kind = "brand", value = "Dell" } } });
        (await Client.SendAsync(put)).StatusCode.Should().Be(HttpStatusCode.OK);

        var fact = TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", user.Token,
            body: new { learned_facts = new[] { new { kind = "brand", value = "De\u0000ll" } } });
        await ExpectRefusedAsync(await Client.SendAsync(fact));
        var feature = TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", user.Token, body: new { key_features = new[] { "long\u0000battery" } });
        await ExpectRefusedAsync(await Client.SendAsync(feature));

        var profile = await (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/users/profile", user.Token))).ReadAsync<UserMeResponse>();
        profile.LearnedFacts.Should().ContainSingle().Which.Value.Should().Be("Dell");
        profile.Profile.KeyFeatures.Should().Equal("long battery");
    }

    /// <summary>PostgreSQL cannot store or search for U+0000, and SQLite, which could, refuses it the same way: one 400 on both.</summary>
    private static async Task ExpectRefusedAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.Title.Should().Be("Invalid text");
        problem.Detail.Should().Contain("NUL character");
    }
}

[Collection("sqlite")]
public sealed class SqliteMalformedInputTests(SqliteAppFixture fixture) : MalformedInputTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresMalformedInputTests(PostgresAppFixture fixture) : MalformedInputTests(fixture), IClassFixture<PostgresAppFixture>;
