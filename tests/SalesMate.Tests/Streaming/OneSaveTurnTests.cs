using SalesMate.Api.Models;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Streaming;

/// <summary>
/// POST /api/v1/chat/message saves the shopper's message together with the answer (one transaction per turn): what a
/// shopper sees when two messages of one conversation are answered at the same time.
/// </summary>
public sealed class OneSaveTurnTests(LlmAppFixture fixture) : IClassFixture<LlmAppFixture>
{
    [Fact]
    public async Task Two_messages_answered_at_once_each_keep_their_question_right_before_their_answer()
    {
        var chat = await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var gate = new TaskCompletionSource();
        var earlier = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Slow ", "answer.") with { FaultGate = gate.Task });
        var slow = fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "slow question" }, chat.SessionToken);
        await fixture.Server.WaitForRequestsAsync(earlier + 1);

        // The held turn's message is not saved yet, so this one takes the same position first; the held turn moves after it.
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Quick ", "answer."));
        var quick = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "quick question" }, chat.SessionToken);
        (await quick.ReadAsync<ChatMessageResponse>()).Answer.Should().Be("Quick answer.");
        gate.SetResult();
        (await (await slow).ReadAsync<ChatMessageResponse>()).Answer.Should().Be("Slow answer.");

        var messages = (await (await fixture.Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken))
            .ReadAsync<MessagesResponse>()).Messages;
        messages.Select(m => m.Content).Skip(1).Should().Equal("quick question", "Quick answer.", "slow question", "Slow answer.");
        messages.Select(m => m.Role).Should().Equal("assistant", "user", "assistant", "user", "assistant");
    }
}
