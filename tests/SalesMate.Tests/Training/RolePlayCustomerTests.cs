using System.Net;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Training;

/// <summary>
/// The keyless role-play customer over real HTTP: it keeps pressing the concern the trainee has not dealt with, drops the
/// one they answered, and never says the same line twice in a row.
/// </summary>
[Collection("sqlite")]
public sealed class RolePlayCustomerTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static readonly string[] TrustLines =
    [
        "How do I know the claim will not just get denied?",
        "Who actually backs this? The dealership or some company I have never heard of?",
    ];

    [Fact]
    public async Task Once_trust_is_answered_the_sceptic_presses_for_proof_instead_and_never_repeats_a_line()
    {
        var (conversation, token) = await StartAsync("skeptical");
        var replies = new List<string>();
        foreach (var line in new[]
                 {
                     "It's backed by a national insurer.",
                     "I understand.",
                     "Let me explain it again.",
                     "Really, it's a good plan.",
                 })
        {
            replies.Add(await SayAsync(conversation, token, line));
        }

        replies.Should().NotContain(TrustLines, "the trainee dealt with trust in their first line");
        replies.Should().OnlyContain(r => r == "Sounds like a sales pitch to me." || r == "Can you show me any of that in writing?");
        replies.Zip(replies.Skip(1)).Should().OnlyContain(pair => pair.First != pair.Second);
    }

    [Fact]
    public async Task Every_concern_answered_ends_with_the_closing_line()
    {
        var (conversation, token) = await StartAsync("skeptical");

        await SayAsync(conversation, token, "It's backed by a national insurer.");
        var closing = await SayAsync(conversation, token, "Everything is in writing, and you can cancel for a refund.");

        closing.Should().Be("Fine, if it is in writing and I can cancel, I am less worried.");
    }

    private async Task<(Guid Conversation, string Token)> StartAsync(string persona)
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/training/start", new { mode = "roleplay", persona });
        start.StatusCode.Should().Be(HttpStatusCode.OK, await start.Content.ReadAsStringAsync());
        var training = await start.ReadAsync<StartTrainingResponse>();
        return (training.ConversationId, training.SessionToken!);
    }

    private async Task<string> SayAsync(Guid conversation, string token, string message)
    {
        var reply = await fixture.Client.PostJsonAsync("/a/trainer/api/v1/chat/message", new { conversation_id = conversation, message }, token);
        reply.StatusCode.Should().Be(HttpStatusCode.OK, await reply.Content.ReadAsStringAsync());
        return (await reply.ReadAsync<ChatMessageResponse>()).Answer;
    }
}
