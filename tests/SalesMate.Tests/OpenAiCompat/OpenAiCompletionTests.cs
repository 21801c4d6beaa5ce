using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Rag;
using static SalesMate.Tests.OpenAiCompat.OpenAiTestKit;

namespace SalesMate.Tests.OpenAiCompat;

/// <summary>/v1/models and /v1/chat/completions in OpenAI's wire format, over real HTTP on SQLite and PostgreSQL.</summary>
public abstract class OpenAiCompletionTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Models_lists_one_model_per_assistant_persona_in_openai_list_format()
    {
        var key = await CreateKeyAsync(fixture);
        var list = await (await Client.GetAsync("/v1/models", key)).JsonAsync(HttpStatusCode.OK);

        list.GetProperty("object").GetString().Should().Be("list");
        var models = list.GetProperty("data").EnumerateArray().ToList();
        models.Select(m => m.GetProperty("id").GetString()).Should().BeEquivalentTo(Model, OtherModel);
        models.Should().OnlyContain(m => m.GetProperty("object").GetString() == "model" && m.GetProperty("created").GetInt64() > 1_600_000_000
                                         && m.GetProperty("owned_by").GetString() == "salesmate");
        models[0].GetProperty("id").GetString().Should().Be(Model, "the default persona comes first");

        var one = await (await Client.GetAsync($"/v1/models/{OtherModel}", key)).JsonAsync(HttpStatusCode.OK);
        one.GetProperty("id").GetString().Should().Be(OtherModel);
        var missing = await (await Client.GetAsync("/v1/models/salesmate/nope", key)).JsonAsync(HttpStatusCode.NotFound);
        missing.GetProperty("error").GetProperty("code").GetString().Should().Be("model_not_found");
    }

    [Fact]
    public async Task Non_streamed_completion_recommends_catalog_laptops_within_budget()
    {
        var key = await CreateKeyAsync(fixture);
        var completion = await (await Client.CompleteAsync(key, Request("I need a gaming laptop under $1500"))).JsonAsync(HttpStatusCode.OK);

        completion.GetProperty("id").GetString().Should().StartWith("chatcmpl-");
        completion.GetProperty("object").GetString().Should().Be("chat.completion");
        completion.GetProperty("model").GetString().Should().Be(Model);
        completion.GetProperty("created").GetInt64().Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 120);
        var choice = completion.GetProperty("choices").EnumerateArray().Should().ContainSingle().Subject;
        choice.GetProperty("index").GetInt32().Should().Be(0);
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        choice.GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;

        var salesmate = completion.GetProperty("salesmate");
        salesmate.GetProperty("intent").GetString().Should().Be("product_search");
        var products = salesmate.GetProperty("products").EnumerateArray().ToList();
        products.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(3);
        foreach (var product in products)
        {
            content.Should().Contain(product.GetProperty("name").GetString(), "the answer names the catalog products it recommends");
            product.GetProperty("category").GetString().Should().Be("Laptops");
            var stored = await Client.GetFromJsonAsync<ProductResponse>($"/api/v1/products/{product.GetProperty("id").GetGuid()}", SalesMateFactory.Json);
            stored!.Price.Should().Be(product.GetProperty("price").GetDecimal()).And.BeLessThan(1500m);
        }

        var usage = completion.GetProperty("usage");
        usage.GetProperty("prompt_tokens").GetInt32().Should().BePositive();
        usage.GetProperty("completion_tokens").GetInt32().Should().BePositive();
        usage.GetProperty("total_tokens").GetInt32().Should().Be(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32());
        salesmate.GetProperty("usage_estimated").GetBoolean().Should().BeTrue("the local responder reports no token counts");
    }

    [Fact]
    public async Task Streamed_completion_uses_openai_chunk_framing_with_usage_in_the_final_chunk()
    {
        var key = await CreateKeyAsync(fixture);
        var data = await (await Client.CompleteAsync(key, Request("I need a gaming laptop under $1500", stream: true, includeUsage: true),
            completion: HttpCompletionOption.ResponseHeadersRead)).SseDataAsync();

        data[^1].Should().Be("[DONE]");
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        chunks.Should().HaveCountGreaterThan(3);
        chunks.Should().OnlyContain(c => c.GetProperty("object").GetString() == "chat.completion.chunk" && c.GetProperty("model").GetString() == Model);
        chunks.Select(c => c.GetProperty("id").GetString()).Distinct().Should().ContainSingle().Which.Should().StartWith("chatcmpl-");
        chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString().Should().Be("assistant");

        var last = chunks[^1];
        last.GetProperty("choices").GetArrayLength().Should().Be(0, "the usage chunk has no choices");
        var usage = last.GetProperty("usage");
        usage.GetProperty("completion_tokens").GetInt32().Should().BePositive();
        usage.GetProperty("total_tokens").GetInt32().Should().Be(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32());
        chunks[..^1].Should().OnlyContain(c => c.GetProperty("usage").ValueKind == JsonValueKind.Null, "every other chunk says usage: null");

        var finish = chunks[^2].GetProperty("choices")[0];
        finish.GetProperty("finish_reason").GetString().Should().Be("stop");
        finish.GetProperty("delta").EnumerateObject().Should().BeEmpty();
        chunks[..^2].Should().OnlyContain(c => c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.Null);

        var text = new StringBuilder();
        foreach (var chunk in chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1))
        {
            text.Append(chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c) ? c.GetString() : "");
        }
        var names = ProductNames(last.GetProperty("salesmate"));
        names.Should().NotBeEmpty();
        text.ToString().Should().ContainAll(names);
        ProductPrices(last.GetProperty("salesmate")).Should().OnlyContain(p => p < 1500m);
    }

    [Fact]
    public async Task Streamed_completion_without_include_usage_has_no_usage_field_and_ends_with_the_stop_chunk()
    {
        var key = await CreateKeyAsync(fixture);
        var data = await (await Client.CompleteAsync(key, Request("noise cancelling headphones under $300", stream: true))).SseDataAsync();

        data[^1].Should().Be("[DONE]");
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        chunks.Where(c => c.TryGetProperty("usage", out var _)).Should().BeEmpty();
        chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        ProductNames(chunks[^1].GetProperty("salesmate")).Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_user_field_continues_one_conversation_and_server_history_is_authoritative()
    {
        var key = await CreateKeyAsync(fixture);
        var user = $"shopper-{Guid.NewGuid():N}";
        var first = await (await Client.CompleteAsync(key, Request("I need a gaming laptop under $1500", user: user))).JsonAsync(HttpStatusCode.OK);
        var firstPrices = ProductPrices(first.GetProperty("salesmate"));
        firstPrices.Should().NotBeEmpty();

        // The client replays the history (edited here); only the last user message is used, with the stored conversation.
        var followUp = new
        {
            model = OtherModel,
            user,
            messages = new object[]
            {
                new { role = "user", content = "show me tablets" },
                new { role = "assistant", content = "Here are some tablets." },
                new { role = "user", content = new object[] { new { type = "text", text = "cheaper" } } },
            },
        };
        var second = await (await Client.CompleteAsync(key, followUp)).JsonAsync(HttpStatusCode.OK);
        var conversationId = first.GetProperty("salesmate").GetProperty("conversation_id").GetGuid();
        second.GetProperty("salesmate").GetProperty("conversation_id").GetGuid().Should().Be(conversationId);
        second.GetProperty("model").GetString().Should().Be(OtherModel);
        second.GetProperty("salesmate").GetProperty("products").EnumerateArray()
            .Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("category").GetString() == "Laptops");
        ProductPrices(second.GetProperty("salesmate")).Should().OnlyContain(p => p < firstPrices.Min(), "\"cheaper\" refers to the first answer");

        var conversation = await FindConversationAsync(fixture, conversationId);
        conversation.MessageCount.Should().Be(5, "greeting + two turns: the replayed history is not stored again");
        conversation.AssistantPersonaId.Should().Be((await FindPersonaAsync(fixture, "concise-expert")).Id, "the model picks the persona");

        var fresh1 = await (await Client.CompleteAsync(key, Request("cheaper"))).JsonAsync(HttpStatusCode.OK);
        var fresh2 = await (await Client.CompleteAsync(key, Request("cheaper"))).JsonAsync(HttpStatusCode.OK);
        var freshIds = new[] { fresh1, fresh2 }.Select(r => r.GetProperty("salesmate").GetProperty("conversation_id").GetGuid()).ToList();
        freshIds.Should().OnlyHaveUniqueItems().And.NotContain(conversationId, "without user every request is a new conversation");

        var otherKey = await CreateKeyAsync(fixture, "other");
        var sameUserOtherKey = await (await Client.CompleteAsync(otherKey, Request("cheaper", user: user))).JsonAsync(HttpStatusCode.OK);
        sameUserOtherKey.GetProperty("salesmate").GetProperty("conversation_id").GetGuid().Should().NotBe(conversationId, "conversations are per key");
    }

    [Fact]
    public async Task A_knowledge_answer_carries_the_sources_it_cites_in_the_completion_and_the_final_stream_chunk()
    {
        var key = await CreateKeyAsync(fixture);
        var tenant = await InDefaultTenantAsync(fixture, services =>
        {
            var db = services.GetRequiredService<SalesMateDbContext>();
            return db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.CurrentTenantId);
        });
        var (warranty, chunks) = await KnowledgeTestKit.AddDocumentAsync(fixture.Factory.Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);

        var completion = await (await Client.CompleteAsync(key, Request("how long is the warranty on laptops?"))).JsonAsync(HttpStatusCode.OK);

        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Contain("two-year").And.Contain("[1]");
        AssertLaptopSource(completion.GetProperty("salesmate"), warranty.Id, chunks[0].Id);

        var data = await (await Client.CompleteAsync(key, Request("What is the warranty on laptops?", stream: true))).SseDataAsync();
        var chunkObjects = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        chunkObjects[..^1].Where(c => c.TryGetProperty("salesmate", out _)).Should().BeEmpty("the extension rides on the last chunk only");
        AssertLaptopSource(chunkObjects[^1].GetProperty("salesmate"), warranty.Id, chunks[0].Id);

        var products = await (await Client.CompleteAsync(key, Request("I need a gaming laptop under $1500"))).JsonAsync(HttpStatusCode.OK);
        products.GetProperty("salesmate").GetProperty("sources").GetArrayLength().Should().Be(0, "a product answer cites no passage");
    }

    private static void AssertLaptopSource(JsonElement salesmate, Guid documentId, Guid chunkId)
    {
        salesmate.GetProperty("intent").GetString().Should().Be("knowledge_question");
        var source = salesmate.GetProperty("sources").EnumerateArray().Should().ContainSingle().Subject;
        source.GetProperty("source_id").GetString().Should().Be(chunkId.ToString());
        source.GetProperty("document_id").GetGuid().Should().Be(documentId);
        source.GetProperty("title").GetString().Should().Be("Warranty policy");
        source.GetProperty("section").GetString().Should().Be("Laptops");
        source.GetProperty("page").GetInt32().Should().Be(1);
        source.GetProperty("number").GetInt32().Should().Be(1);
        source.GetProperty("snippet").GetString().Should().Contain("two-year manufacturer warranty");
        source.GetProperty("url").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_conversation_header_continues_a_conversation_like_user()
    {
        var key = await CreateKeyAsync(fixture);
        var header = $"thread-{Guid.NewGuid():N}";
        var first = await (await Client.CompleteAsync(key, Request("I need a gaming laptop under $1500"), header)).JsonAsync(HttpStatusCode.OK);
        var second = await (await Client.CompleteAsync(key, Request("cheaper", user: "ignored-when-the-header-is-sent"), header)).JsonAsync(HttpStatusCode.OK);

        second.GetProperty("salesmate").GetProperty("conversation_id").GetGuid()
            .Should().Be(first.GetProperty("salesmate").GetProperty("conversation_id").GetGuid());
        ProductPrices(second.GetProperty("salesmate")).Should().NotBeEmpty().And.OnlyContain(p => p < ProductPrices(first.GetProperty("salesmate")).Min());
    }
}

[Collection("sqlite")]
public sealed class SqliteOpenAiCompletionTests(SqliteAppFixture fixture) : OpenAiCompletionTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresOpenAiCompletionTests(PostgresAppFixture fixture) : OpenAiCompletionTests(fixture), IClassFixture<PostgresAppFixture>;
