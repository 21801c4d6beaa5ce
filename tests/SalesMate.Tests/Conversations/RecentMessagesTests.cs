using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Conversations;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Intelligence;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// What an instance keeps of a conversation's newest messages (ADR 0017a) is used only for the count it was made for:
/// the model always gets the whole conversation, also when another instance answered in between.
/// </summary>
public sealed class RecentMessagesTests
{
    private static readonly Conversation Conversation = new() { Id = Guid.CreateVersion7(), TenantId = Guid.CreateVersion7(), Agent = "sales" };

    private static RecentMessages Cache(int megabytes = 32) => new(Options.Create(new ChatOptions { RecentMessagesCacheMb = megabytes }));

    private static Message At(int sequence, string role = MessageRole.User) => new()
    {
        Id = Guid.CreateVersion7(), ConversationId = Conversation.Id, TenantId = Conversation.TenantId, Sequence = sequence, Role = role,
        Content = $"message {sequence}", CreatedAt = DateTime.UtcNow,
    };

    [Fact]
    public void A_stored_question_and_answer_that_directly_follow_the_entry_extend_it()
    {
        using var cache = Cache();
        cache.Remember(Conversation, 3, [At(3, MessageRole.Assistant), At(2), At(1, MessageRole.Assistant)]);

        cache.Appended(Conversation.Id, At(4), At(5, MessageRole.Assistant));

        var known = cache.Find(Conversation.Id)!;
        known.Through.Should().Be(5);
        known.Copy().Select(m => m.Sequence).Should().Equal(5, 4, 3, 2, 1);
    }

    [Fact]
    public void A_gap_before_the_stored_turn_drops_the_entry_instead_of_guessing()
    {
        using var cache = Cache();
        cache.Remember(Conversation, 3, [At(3, MessageRole.Assistant), At(2), At(1, MessageRole.Assistant)]);

        // Another instance's turn took numbers 4 and 5.
        cache.Appended(Conversation.Id, At(6), At(7, MessageRole.Assistant));

        cache.Find(Conversation.Id).Should().BeNull();
    }

    [Fact]
    public void An_answer_stored_after_another_message_drops_the_entry()
    {
        using var cache = Cache();
        cache.Remember(Conversation, 3, [At(3, MessageRole.Assistant)]);

        cache.Appended(Conversation.Id, At(4), At(6, MessageRole.Assistant));

        cache.Find(Conversation.Id).Should().BeNull();
    }

    [Fact]
    public void It_keeps_the_newest_messages_the_lookup_reads_and_hands_out_copies()
    {
        using var cache = Cache();
        var many = Enumerable.Range(1, 60).Reverse().Select(n => At(n)).ToList();
        cache.Remember(Conversation, 60, many);

        var copy = cache.Find(Conversation.Id)!.Copy();
        copy.Select(m => m.Sequence).Should().Equal(Enumerable.Range(20, SessionManager.MessagesReadWithConversation).Reverse());
        copy[0].Content = "edited by a turn";

        cache.Find(Conversation.Id)!.Copy()[0].Content.Should().Be("message 60");
    }

    [Fact]
    public void Zero_megabytes_turns_it_off()
    {
        using var cache = Cache(megabytes: 0);
        cache.Remember(Conversation, 1, [At(1, MessageRole.Assistant)]);

        cache.Find(Conversation.Id).Should().BeNull();
    }
}

/// <summary>Two instances behind a load balancer, one database and one model: each turn's prompt holds every earlier message.</summary>
[Collection("postgres")]
public sealed class RecentMessagesAcrossInstancesTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private TwoInstances _instances = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        _instances = await TwoInstances.StartAsync(DatabaseKind.Postgres, new Dictionary<string, string>
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = _model.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:max_retries"] = "0",
            ["streaming:signing_key"] = "a-shared-signing-key-of-at-least-32-characters",
        });
    }

    public async Task DisposeAsync()
    {
        await _instances.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task A_turn_after_another_instance_answered_still_sends_the_model_the_whole_conversation()
    {
        var onA = await ConversationScript.StartAsync(_instances.ClientA);
        var onB = new ConversationScript(_instances.ClientB, onA.Chat);
        var said = new List<string>();

        // A, A (from what A keeps), B, A (A's copy is behind: read again), A streamed (from what A keeps), B.
        foreach (var (turn, script, streamed) in new[] { (1, onA, false), (2, onA, false), (3, onB, false), (4, onA, false), (5, onA, true), (6, onB, false) })
        {
            var question = $"question {turn} about laptops";
            _model.Enqueue(FakeOpenAiReply.Text($"answer {turn} ", "from the model"));
            var before = _model.Requests.Count;
            var answer = streamed ? await StreamAsync(_instances.ClientA, onA.Chat, question) : (await script.SayAsync(question)).Answer;
            answer.Should().StartWith($"answer {turn} from the model");

            var prompt = _model.Requests.Skip(before).Single().Messages.Select(m => m?["content"]?.ToString() ?? "").ToList();
            prompt.Should().ContainInOrder(said, $"turn {turn} must see every earlier question and answer");
            said.Add(question);
            said.Add(answer);
        }

        var stored = await onA.MessagesAsync();
        stored.Select(m => m.Content).Skip(1).Should().Equal(said, "the greeting, then each question and its answer once");
        var keptByA = _instances.A.Services.GetRequiredService<RecentMessages>().Find(onA.Chat.ConversationId)!;
        keptByA.Through.Should().Be(11, "A stored the fifth turn right after reading the fourth's; B's sixth turn moved the count past it");
    }

    private static async Task<string> StreamAsync(HttpClient client, StartChatResponse chat, string message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{chat.ConversationId}/stream")
        {
            Content = JsonContent.Create(new { message }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        var read = await SseClient.ReadAsync(client, request);
        read.Items[^1].EventType.Should().Be("done");
        return read.Text;
    }
}

/// <summary>On SQLite the first turn's history read is kept, and the following turns of the instance start from it.</summary>
public sealed class RecentMessagesSqliteTurnTests(SqliteModelFixture fixture) : IClassFixture<SqliteModelFixture>
{
    [Fact]
    public async Task Consecutive_turns_send_the_model_the_whole_conversation_from_what_the_instance_keeps()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var said = new List<string>();
        for (var turn = 1; turn <= 4; turn++)
        {
            var question = $"question {turn} about laptops";
            fixture.Server.Enqueue(FakeOpenAiReply.Text($"answer {turn} ", "from the model"));
            var before = fixture.Server.Requests.Count;

            var answer = (await chat.SayAsync(question)).Answer;

            var prompt = fixture.Server.Requests.Skip(before).Single().Messages.Select(m => m?["content"]?.ToString() ?? "").ToList();
            prompt.Should().ContainInOrder(said, $"turn {turn} must see every earlier question and answer");
            said.Add(question);
            said.Add(answer);
        }

        fixture.Factory.Services.GetRequiredService<RecentMessages>().Find(chat.Chat.ConversationId)!.Through
            .Should().Be(9, "the greeting and four turns, kept as they were stored");
    }
}
