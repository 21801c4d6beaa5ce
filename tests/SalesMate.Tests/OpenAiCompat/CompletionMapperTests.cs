using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SalesMate.Core.Entities;
using SalesMate.Services.Conversations;
using SalesMate.Services.Llm;
using SalesMate.Services.OpenAiCompat;
using SalesMate.Services.Products;

namespace SalesMate.Tests.OpenAiCompat;

/// <summary>The stream mapping on its own: the paths a real responder rarely takes (failures, reported usage).</summary>
public sealed class CompletionMapperTests
{
    private static readonly CompletionPlan Plan = new(new PreparedTurn(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "laptop under ₹80,000"),
        "salesmate/sales-consultant", 1_800_000_000, Stream: true, IncludeUsage: true);

    private static async IAsyncEnumerable<TurnUpdate> Updates(IEnumerable<TurnUpdate> updates, Exception? thenThrow = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
        if (thenThrow is not null)
        {
            throw thenThrow;
        }
    }

    private static async Task<List<string>> ChunksAsync(IAsyncEnumerable<TurnUpdate> updates)
    {
        var lines = new List<string>();
        await foreach (var line in CompletionMapper.ChunksAsync(Plan, updates, NullLogger.Instance, CancellationToken.None))
        {
            lines.Add(line);
        }
        return lines;
    }

    private static TurnCompleted Completed(string answer, LlmUsage? usage)
    {
        var product = new Product { Id = Guid.NewGuid(), Sku = "LAP-1", Name = "Café Book ₹", Brand = "Acme", Category = "Laptops", Currency = "INR", Price = 79_999m, Stock = 2 };
        var reply = new ResponderReply(answer, [new Recommendation(product, 1, "fits", [])], "product_search", ["cheaper"], 0.9, new ConversationState()) { Usage = usage };
        var message = new Message { Id = Plan.Turn.AssistantMessageId, Role = MessageRole.Assistant, Content = answer };
        return new TurnCompleted(message, reply, 12, 3);
    }

    [Fact]
    public async Task A_failure_after_some_text_ends_the_stream_with_an_openai_error_and_no_done()
    {
        var lines = await ChunksAsync(Updates([new TurnMeta(Guid.NewGuid(), Guid.NewGuid(), null), new TurnText("Here "),
            new TurnFailed(null, "incomplete", "The assistant could not finish this answer.", true)]));

        lines.Should().HaveCount(3).And.NotContain(CompletionMapper.Done);
        JsonDocument.Parse(lines[1]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString().Should().Be("Here ");
        var error = JsonDocument.Parse(lines[^1]).RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("server_error");
        error.GetProperty("code").GetString().Should().Be("assistant_unavailable");
        error.GetProperty("message").GetString().Should().Be("The assistant could not finish this answer.");
    }

    [Fact]
    public async Task An_exception_mid_stream_becomes_a_server_error_line_without_internals()
    {
        var lines = await ChunksAsync(Updates([new TurnText("Hi")], new InvalidOperationException("connection string xyz")));

        var error = JsonDocument.Parse(lines[^1]).RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("server_error");
        error.GetProperty("message").GetString().Should().NotContain("xyz");
        lines.Should().NotContain(CompletionMapper.Done);
    }

    [Fact]
    public async Task Reported_usage_is_passed_through_and_text_is_not_escaped()
    {
        var lines = await ChunksAsync(Updates([new TurnText("It's ₹79,999"), Completed("It's ₹79,999", new LlmUsage(120, 30, 0.001m, Estimated: false))]));

        lines[^1].Should().Be(CompletionMapper.Done);
        lines[1].Should().Contain("It's ₹79,999", "OpenAI writes text unescaped");
        var last = JsonDocument.Parse(lines[^2]).RootElement;
        last.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(120);
        last.GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(150);
        last.GetProperty("salesmate").GetProperty("usage_estimated").GetBoolean().Should().BeFalse();
        last.GetProperty("salesmate").GetProperty("products")[0].GetProperty("name").GetString().Should().Be("Café Book ₹");
        JsonDocument.Parse(lines[^3]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
    }

    [Fact]
    public void Non_streamed_completion_estimates_usage_when_the_responder_reports_none()
    {
        var completion = CompletionMapper.Completion(Plan, Completed("Twelve chars", null));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(completion, OpenAiJson.Options)).RootElement;

        json.GetProperty("object").GetString().Should().Be("chat.completion");
        json.GetProperty("id").GetString().Should().Be($"chatcmpl-{Plan.Turn.AssistantMessageId:N}");
        json.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(3, "about 4 characters a token");
        json.GetProperty("salesmate").GetProperty("usage_estimated").GetBoolean().Should().BeTrue();
        json.GetProperty("choices")[0].GetProperty("message").GetProperty("refusal").ValueKind.Should().Be(JsonValueKind.Null);
    }
}
