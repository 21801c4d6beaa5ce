using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.OpenAiCompat;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.OpenAiCompat.OpenAiTestKit;

namespace SalesMate.Tests.OpenAiCompat;

/// <summary>API keys, tenancy and errors of the OpenAI-compatible API: OpenAI's error shape with the right status codes.</summary>
public abstract class OpenAiAuthTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private static void ShouldBeOpenAiError(JsonElement body, string type, string? code, string? param = null)
    {
        var error = body.GetProperty("error");
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        error.GetProperty("type").GetString().Should().Be(type);
        error.GetProperty("code").ValueKind.Should().Be(code is null ? JsonValueKind.Null : JsonValueKind.String);
        if (code is not null)
        {
            error.GetProperty("code").GetString().Should().Be(code);
        }
        if (param is not null)
        {
            error.GetProperty("param").GetString().Should().Be(param);
        }
    }

    [Fact]
    public async Task Missing_wrong_and_revoked_keys_get_401_in_openai_error_shape()
    {
        var key = await CreateKeyAsync(fixture, "to revoke");
        (await Client.GetAsync("/v1/models", key)).StatusCode.Should().Be(HttpStatusCode.OK);

        var wrongKey = "sm_" + new string('A', 43);
        foreach (var candidate in new[] { null, "not-a-key", wrongKey, key.ToUpperInvariant() })
        {
            var response = await Client.GetAsync("/v1/models", candidate);
            ShouldBeOpenAiError(await response.JsonAsync(HttpStatusCode.Unauthorized), "invalid_request_error", "invalid_api_key");
            response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        }

        var revoked = await RevokeAsync(fixture, key[..ApiKeyService.PrefixLength]);
        revoked.Outcome.Should().Be(RevokeOutcome.Revoked);
        var afterRevoke = await Client.CompleteAsync(key, Request("hello"));
        var body = await afterRevoke.JsonAsync(HttpStatusCode.Unauthorized);
        ShouldBeOpenAiError(body, "invalid_request_error", "invalid_api_key");
        body.GetProperty("error").GetProperty("message").GetString().Should().Contain("revoked");
        (await RevokeAsync(fixture, key)).Outcome.Should().Be(RevokeOutcome.AlreadyRevoked, "the whole key names it too");
    }

    [Fact]
    public async Task Only_the_hash_and_prefix_are_stored_and_last_used_at_is_written_at_most_once_a_minute()
    {
        var key = await CreateKeyAsync(fixture);
        var stored = await FindKeyAsync(fixture, key);
        key.Should().MatchRegex("^sm_[A-Za-z0-9_-]{43}$");
        stored.KeyHash.Should().Be(ApiKeyService.Hash(key)).And.NotContain(key[3..]);
        stored.Prefix.Should().Be(key[..11]);
        stored.LastUsedAt.Should().BeNull();

        (await Client.GetAsync("/v1/models", key)).StatusCode.Should().Be(HttpStatusCode.OK);
        var firstUse = (await FindKeyAsync(fixture, key)).LastUsedAt;
        firstUse.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        (await Client.GetAsync("/v1/models", key)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await FindKeyAsync(fixture, key)).LastUsedAt.Should().Be(firstUse, "a second use within the minute writes nothing");
    }

    [Fact]
    public async Task Unknown_model_gets_404_model_not_found()
    {
        var key = await CreateKeyAsync(fixture);
        var body = await (await Client.CompleteAsync(key, Request("hello", model: "gpt-4o"))).JsonAsync(HttpStatusCode.NotFound);
        ShouldBeOpenAiError(body, "invalid_request_error", "model_not_found", "model");
        body.GetProperty("error").GetProperty("message").GetString().Should().Contain("gpt-4o");
        var streamed = await Client.CompleteAsync(key, Request("hello", model: "salesmate/nobody", stream: true));
        ShouldBeOpenAiError(await streamed.JsonAsync(HttpStatusCode.NotFound), "invalid_request_error", "model_not_found");
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("", null)]
    [InlineData("{\"model\":\"salesmate/sales-consultant\"}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model")]
    [InlineData("{\"model\":\"salesmate/sales-consultant\",\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}", "messages")]
    [InlineData("{\"model\":\"salesmate/sales-consultant\",\"messages\":[{\"role\":\"user\",\"content\":\"   \"}]}", "messages")]
    [InlineData("{\"model\":\"salesmate/sales-consultant\",\"messages\":[null]}", "messages")]
    [InlineData("{\"model\":\"salesmate/sales-consultant\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "n")]
    [InlineData("{\"model\":\"salesmate/sales-consultant\",\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "stream_options")]
    public async Task Bad_requests_get_400_in_openai_error_shape(string json, string? param)
    {
        var key = await CreateKeyAsync(fixture);
        var body = await (await Client.CompleteRawAsync(key, json)).JsonAsync(HttpStatusCode.BadRequest);
        var error = body.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        if (param is not null)
        {
            error.GetProperty("param").GetString().Should().Be(param);
        }
    }

    [Fact]
    public async Task A_message_over_the_limit_is_a_400_about_messages()
    {
        var key = await CreateKeyAsync(fixture);
        var body = await (await Client.CompleteAsync(key, Request(new string('a', 5000)))).JsonAsync(HttpStatusCode.BadRequest);
        ShouldBeOpenAiError(body, "invalid_request_error", "string_above_max_length", "messages");
    }

    [Fact]
    public async Task The_key_decides_the_tenant_whatever_the_default_tenant()
    {
        var secret = await InDefaultTenantAsync(fixture, async services =>
        {
            var db = services.GetRequiredService<SalesMateDbContext>();
            var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = "Other shop", Slug = $"other-{Guid.NewGuid():N}"[..20], CreatedAt = DateTime.UtcNow };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            services.GetRequiredService<TenantContext>().Set(tenant.Id);
            db.AssistantPersonas.Add(new AssistantPersona
            {
                Id = Guid.CreateVersion7(), Code = "other-voice", Name = "Other", SystemPrompt = "Be brief.", IsDefault = true, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            return (await services.GetRequiredService<ApiKeyService>().CreateAsync("other tenant", CancellationToken.None)).Secret;
        });

        var models = await (await Client.GetAsync("/v1/models", secret)).JsonAsync(HttpStatusCode.OK);
        models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal("salesmate/other-voice");
        var demoModel = await Client.CompleteAsync(secret, Request("hello"));
        ShouldBeOpenAiError(await demoModel.JsonAsync(HttpStatusCode.NotFound), "invalid_request_error", "model_not_found");
    }
}

[Collection("sqlite")]
public sealed class SqliteOpenAiAuthTests(SqliteAppFixture fixture) : OpenAiAuthTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresOpenAiAuthTests(PostgresAppFixture fixture) : OpenAiAuthTests(fixture), IClassFixture<PostgresAppFixture>;
