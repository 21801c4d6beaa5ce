using System.Text.Json;
using Microsoft.Extensions.AI;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;

namespace SalesMate.Tests.Gateway;

/// <summary>The adapter alone (no retries, no accounting) against the fake server's wire format.</summary>
public sealed class OpenAIChatClientTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;
    private OpenAIChatClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _client = new OpenAIChatClient(new LlmProviderSettings("openai-compatible", _server.BaseUrl, GatewayHarness.ApiKey, "gpt-fake",
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 0.3f, 256));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Plain_call_maps_messages_options_and_tools_to_the_wire_and_the_answer_back()
    {
        _server.Enqueue(FakeOpenAiReply.Text("Two laptops ", "fit your budget.").WithUsage(42, 7).WithModel("gpt-fake-2025-01-01"));
        var weather = AIFunctionFactory.CreateDeclaration("find_products", "Search the catalog",
            JsonDocument.Parse("""{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}""").RootElement);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "You are Sam."),
            new(ChatRole.User, "Gaming laptop under $1500?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "find_products", new Dictionary<string, object?> { ["query"] = "gaming laptop" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "[{\"sku\":\"LAP-1\"}]")]),
        ];
        var options = new ChatOptions
        {
            ModelId = "gpt-other",
            Temperature = 0.2f,
            MaxOutputTokens = 77,
            Tools = [weather],
            ResponseFormat = ChatResponseFormat.ForJsonSchema(
                JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""").RootElement, "answer"),
        };

        var response = await _client.GetResponseAsync(messages, options);

        response.Text.Should().Be("Two laptops fit your budget.");
        response.ModelId.Should().Be("gpt-fake-2025-01-01");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Usage!.InputTokenCount.Should().Be(42);
        response.Usage.OutputTokenCount.Should().Be(7);
        response.Usage.TotalTokenCount.Should().Be(49);

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/chat/completions");
        request.Authorization.Should().Be($"Bearer {GatewayHarness.ApiKey}");
        request.Model.Should().Be("gpt-other");
        request.Stream.Should().BeFalse();
        request.Json["temperature"]!.GetValue<double>().Should().BeApproximately(0.2, 1e-6);
        request.Json["max_completion_tokens"]!.GetValue<int>().Should().Be(77);
        request.Roles.Should().Equal("system", "user", "assistant", "tool");
        var call = request.Messages[2]!["tool_calls"]![0]!;
        call["id"]!.GetValue<string>().Should().Be("call_1");
        call["function"]!["name"]!.GetValue<string>().Should().Be("find_products");
        JsonDocument.Parse(call["function"]!["arguments"]!.GetValue<string>()).RootElement.GetProperty("query").GetString().Should().Be("gaming laptop");
        request.Messages[3]!["tool_call_id"]!.GetValue<string>().Should().Be("call_1");
        request.Messages[3]!["content"]!.ToJsonString().Should().Contain("LAP-1");
        var tool = request.Tools.Should().ContainSingle().Subject!;
        tool["function"]!["name"]!.GetValue<string>().Should().Be("find_products");
        tool["function"]!["parameters"]!["required"]![0]!.GetValue<string>().Should().Be("query");
        request.Json["response_format"]!["type"]!.GetValue<string>().Should().Be("json_schema");
        request.Json["response_format"]!["json_schema"]!["name"]!.GetValue<string>().Should().Be("answer");
    }

    [Fact]
    public async Task Every_call_with_the_same_tool_declaration_sends_the_whole_tool()
    {
        _server.Enqueue(FakeOpenAiReply.Text("one"), FakeOpenAiReply.Text("two"));
        var search = AIFunctionFactory.CreateDeclaration("find_products", "Search the catalog",
            JsonDocument.Parse("""{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}""").RootElement);

        await _client.GetResponseAsync([new(ChatRole.User, "laptops")], new ChatOptions { Tools = [search] });
        await _client.GetResponseAsync([new(ChatRole.User, "phones")], new ChatOptions { Tools = [search] });

        _server.Requests.Should().HaveCount(2);
        foreach (var request in _server.Requests)
        {
            var tool = request.Tools.Should().ContainSingle().Subject!;
            tool["function"]!["name"]!.GetValue<string>().Should().Be("find_products");
            tool["function"]!["description"]!.GetValue<string>().Should().Be("Search the catalog");
            tool["function"]!["parameters"]!["required"]![0]!.GetValue<string>().Should().Be("query");
        }
    }

    [Fact]
    public async Task A_provider_error_is_one_request_and_surfaces_with_its_status()
    {
        _server.Enqueue(FakeOpenAiReply.Error(503));

        var act = () => _client.GetResponseAsync([new(ChatRole.User, "hi")]);

        (await act.Should().ThrowAsync<System.ClientModel.ClientResultException>()).Which.Status.Should().Be(503);
        _server.Requests.Should().ContainSingle("the SDK does not retry: ResilientChatClient owns retries");
    }

    [Fact]
    public async Task Defaults_come_from_the_settings_when_options_are_absent()
    {
        _server.Enqueue(FakeOpenAiReply.Text("Hi"));

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Model.Should().Be("gpt-fake");
        request.Json["max_completion_tokens"]!.GetValue<int>().Should().Be(256);
    }

    [Fact]
    public async Task Streaming_yields_text_deltas_and_a_final_usage_update()
    {
        _server.Enqueue(FakeOpenAiReply.Text("The ", "Zenbook ", "fits.").WithUsage(30, 4));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "laptop?")]))
        {
            updates.Add(update);
        }

        updates.Where(u => u.Text.Length > 0).Select(u => u.Text).Should().Equal("The ", "Zenbook ", "fits.");
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject;
        usage.Details.InputTokenCount.Should().Be(30);
        usage.Details.OutputTokenCount.Should().Be(4);
        updates.Last().Contents.Should().ContainItemsAssignableTo<UsageContent>();
        updates.Should().Contain(u => u.FinishReason == ChatFinishReason.Stop);
        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Stream.Should().BeTrue();
        request.IncludeUsage.Should().BeTrue("the SDK asks for stream_options.include_usage on streamed calls");
    }

    [Fact]
    public async Task Streamed_tool_call_fragments_become_one_function_call_once_complete()
    {
        _server.Enqueue(FakeOpenAiReply.Tools(
            new FakeToolCall("call_a", "find_products", """{"query":"noise cancelling headphones","max_price":200}"""),
            new FakeToolCall("call_b", "compare", """{"skus":["A","B"]}""")).WithUsage(50, 20));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "headphones")]))
        {
            updates.Add(update);
        }

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => c.CallId).Should().Equal("call_a", "call_b");
        calls[0].Name.Should().Be("find_products");
        calls[0].Exception.Should().BeNull();
        calls[0].Arguments!["query"].Should().BeOfType<JsonElement>().Which.GetString().Should().Be("noise cancelling headphones");
        ((JsonElement)calls[0].Arguments!["max_price"]!).GetInt32().Should().Be(200);
        ((JsonElement)calls[1].Arguments!["skus"]!).GetArrayLength().Should().Be(2);
        updates.Should().Contain(u => u.FinishReason == ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task Plain_tool_call_answer_is_parsed()
    {
        _server.Enqueue(FakeOpenAiReply.Tools(new FakeToolCall("call_x", "find_products", """{"query":"tv"}""")));

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "tv")]);

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        call.Name.Should().Be("find_products");
        ((JsonElement)call.Arguments!["query"]!).GetString().Should().Be("tv");
        response.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        response.Usage.Should().BeNull("the script reported no usage");
    }

    [Fact]
    public async Task Fake_server_lists_its_model()
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync(new Uri(_server.BaseUrl + "/models"));
        JsonDocument.Parse(json).RootElement.GetProperty("data")[0].GetProperty("id").GetString().Should().Be("gpt-fake");
    }
}
