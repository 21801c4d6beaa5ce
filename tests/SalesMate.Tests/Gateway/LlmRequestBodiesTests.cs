using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.AI;
using SalesMate.Services.Llm.Gateway;
using Xunit;

namespace SalesMate.Tests.Gateway;

/// <summary>The stored llm_requests bodies, written straight to UTF-8: same JSON as a redacted, capped summary of the call.</summary>
public sealed class LlmRequestBodiesTests
{
    private const string Key = "sk-test-key-1234567890";

    [Fact]
    public void Request_body_summarises_the_call_in_order_with_secrets_redacted()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["query"] = "laptop <b>é",
            ["password"] = "hunter2",
            ["refresh-token"] = null,
            ["nested"] = JsonDocument.Parse("""{"Api_Key":{"a":1},"prices":[1.50,"x Bearer abcdefgh12345"]}""").RootElement,
        };
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, $"my key is {Key}"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "search_products", arguments)]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "<catalog_data>[]</catalog_data>")]),
        ];
        var options = new ChatOptions
        {
            Temperature = 0.3f,
            MaxOutputTokens = 400,
            Tools = [AIFunctionFactory.CreateDeclaration("search_products", "Search", JsonDocument.Parse("""{"type":"object"}""").RootElement)],
        };

        var body = LlmRequestBodies.Request(messages, options, "gpt-x", Key);

        body.Should().Be(""""{"model":"gpt-x","temperature":0.3,"max_output_tokens":400,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"my key is [redacted]"},{"role":"assistant","tool_calls":[{"id":"c1","name":"search_products","arguments":{"query":"laptop \u003Cb\u003E\u00E9","password":"[redacted]","refresh-token":null,"nested":{"Api_Key":"[redacted]","prices":[1.50,"x [redacted]"]}}}]},{"role":"tool","tool_call_id":"c1","content":"\u003Ccatalog_data\u003E[]\u003C/catalog_data\u003E"}],"tools":["search_products"]}"""");
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"role":"system","content":"Prices in €; ünïcödé 😀 and \u003C tags"}""")]
    public void A_packed_body_unpacks_to_the_same_text(string json)
    {
        var text = json.Length == 0 ? "" : string.Concat(Enumerable.Repeat(json, 50));

        PackedUtf8.Pack(System.Text.Encoding.UTF8.GetBytes(text)).Unpack().Should().Be(text);
    }

    [Fact]
    public void Response_body_has_text_tool_calls_usage_and_attempts()
    {
        var usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = null, TotalTokenCount = 12 };

        var body = LlmRequestBodies.Response("Hi", [new FunctionCallContent("c2", "get_product", null)], "gpt-x", "stop", usage, 2, Key);

        body.Should().Be(""""{"model":"gpt-x","finish_reason":"stop","text":"Hi","tool_calls":[{"id":"c2","name":"get_product","arguments":null}],"usage":{"input_tokens":12,"output_tokens":null,"total_tokens":12},"attempts":2}"""");
    }

    [Fact]
    public void Body_over_the_cap_shortens_long_strings_and_counts_what_was_cut()
    {
        ChatMessage[] messages = [new(ChatRole.User, new string('a', 40_000))];

        var body = LlmRequestBodies.Request(messages, null, "gpt-x", null);

        var content = JsonDocument.Parse(body).RootElement.GetProperty("messages")[0].GetProperty("content").GetString();
        content.Should().Be(new string('a', 2048) + "…[37952 more characters]");
    }

    [Fact]
    public void Body_still_over_the_cap_becomes_a_stub_with_a_preview()
    {
        var messages = Enumerable.Range(0, 40).Select(_ => new ChatMessage(ChatRole.User, new string('b', 3000))).ToList();

        var body = LlmRequestBodies.Request(messages, null, "gpt-x", null);

        System.Text.Encoding.UTF8.GetByteCount(body).Should().BeLessThanOrEqualTo(LlmRequestBodies.MaxBytes);
        var stub = JsonDocument.Parse(body).RootElement;
        stub.GetProperty("truncated").GetBoolean().Should().BeTrue();
        stub.GetProperty("original_bytes").GetInt32().Should().BeGreaterThan(LlmRequestBodies.MaxBytes);
        stub.GetProperty("preview").GetString().Should().StartWith("""{"model":"gpt-x","temperature":null""");
    }
}
