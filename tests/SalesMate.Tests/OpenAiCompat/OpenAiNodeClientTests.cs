using System.Text.Json;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.OpenAiCompat.OpenAiTestKit;

namespace SalesMate.Tests.OpenAiCompat;

/// <summary>The official `openai` npm client (pinned in node/package.json) against the real server: the compatibility that matters.</summary>
public abstract class OpenAiNodeClientTests(AppFixture fixture)
{
    [Fact]
    public async Task The_openai_npm_client_streams_a_completion_with_usage_and_reads_our_errors()
    {
        var key = await CreateKeyAsync(fixture, "node client");
        var result = await NodeClient.RunAsync(new Dictionary<string, string>
        {
            ["SALESMATE_BASE_URL"] = new Uri(fixture.Client.BaseAddress!, "/v1").ToString(),
            ["SALESMATE_API_KEY"] = key,
            ["SALESMATE_MODEL"] = Model,
            ["SALESMATE_PROMPT"] = "I need a gaming laptop under $1500",
            ["SALESMATE_USER"] = $"node-{Guid.NewGuid():N}",
        });
        result.ExitCode.Should().Be(0, result.Stderr);
        var output = JsonDocument.Parse(result.Stdout).RootElement;

        output.GetProperty("models").EnumerateArray().Select(m => m.GetString()).Should().BeEquivalentTo(Model, OtherModel);
        output.GetProperty("id").GetString().Should().StartWith("chatcmpl-");
        output.GetProperty("finish_reason").GetString().Should().Be("stop");
        output.GetProperty("chunks").GetInt32().Should().BeGreaterThan(3);

        var text = output.GetProperty("text").GetString()!;
        var names = ProductNames(output.GetProperty("salesmate"));
        names.Should().NotBeEmpty();
        text.Should().ContainAll(names, "the streamed text recommends the catalog products");
        ProductPrices(output.GetProperty("salesmate")).Should().OnlyContain(p => p < 1500m);

        var usage = output.GetProperty("usage");
        usage.GetProperty("prompt_tokens").GetInt32().Should().BePositive();
        usage.GetProperty("completion_tokens").GetInt32().Should().BePositive();
        usage.GetProperty("total_tokens").GetInt32().Should().Be(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32());

        var badKey = output.GetProperty("bad_key");
        badKey.GetProperty("name").GetString().Should().Be("AuthenticationError");
        badKey.GetProperty("status").GetInt32().Should().Be(401);
        badKey.GetProperty("code").GetString().Should().Be("invalid_api_key");
        var unknownModel = output.GetProperty("unknown_model");
        unknownModel.GetProperty("name").GetString().Should().Be("NotFoundError");
        unknownModel.GetProperty("status").GetInt32().Should().Be(404);
        unknownModel.GetProperty("code").GetString().Should().Be("model_not_found");
    }
}

[Collection("sqlite")]
public sealed class SqliteOpenAiNodeClientTests(SqliteAppFixture fixture) : OpenAiNodeClientTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresOpenAiNodeClientTests(PostgresAppFixture fixture) : OpenAiNodeClientTests(fixture), IClassFixture<PostgresAppFixture>;
