using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;

namespace SalesMate.Services.Training;

/// <summary>
/// The assistant as a role-play customer. With a model configured it plays the profile from a persona prompt; without
/// one (no keys) local rules pick the customer's next line: pushback while the trainee has not handled an objection,
/// the closing line once every objection was handled.
/// </summary>
public sealed class RolePlayResponder(ObjectionProfile profile, IChatClient? client, Guid tenantId) : ISalesResponder
{
    public const string LocalName = "roleplay-local";

    public string Name => client is null ? LocalName : "roleplay-llm";

    public IAsyncEnumerable<ResponderUpdate> StreamAsync(ResponderContext context, CancellationToken cancellationToken) =>
        client is null ? Reply(LocalLine(context), LocalName, null, context).AsUpdates(cancellationToken) : ModelAsync(client, context, cancellationToken);

    public string LocalLine(ResponderContext context)
    {
        var traineeLines = context.History.Where(m => m.Role == MessageRole.User).Select(m => m.Content).Append(context.Message).ToList();
        var handled = RolePlayScorer.Handled(profile, traineeLines);
        if (handled.All(h => h.Addressed))
        {
            return profile.Closing;
        }
        // Push back on the first concern the trainee has not dealt with yet, never with the customer's last words.
        var open = profile.Objections.First(o => !handled.Single(h => h.Objection == o.Name).Addressed);
        var said = context.History.Where(m => m.Role == MessageRole.Assistant).Select(m => m.Content.Trim()).ToList();
        var turn = traineeLines.Count - 1;
        var lines = open.Pushback;
        return Enumerable.Range(0, lines.Count).Select(i => lines[(turn + i) % lines.Count])
                   .FirstOrDefault(line => !said.Contains(line))
               ?? lines.FirstOrDefault(line => said.Count == 0 || line != said[^1])
               ?? lines[0];
    }

    private async IAsyncEnumerable<ResponderUpdate> ModelAsync(IChatClient model, ResponderContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, Prompt(profile)) };
        foreach (var message in context.History)
        {
            // Roles swap: the trainee (user) is the salesperson, the stored assistant lines are the customer's.
            messages.Add(new ChatMessage(message.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, message.Content));
        }
        messages.Add(new ChatMessage(ChatRole.User, context.Message));
        var options = new ChatOptions
        {
            ModelId = context.Overrides.Model,
            Temperature = (float?)(context.Overrides.Temperature ?? 0.8),
            MaxOutputTokens = context.MaxOutputTokens ?? context.Overrides.MaxTokens ?? 200,
        }.For(tenantId, context.ConversationId, LlmPurposes.Chat).DeferAccountingTo(context.Accounting);
        yield return new IntentUpdate("roleplay");
        var text = new StringBuilder();
        await foreach (var update in model.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (update.Text is { Length: > 0 } piece)
            {
                text.Append(piece);
                yield return new TextDelta(piece);
            }
        }
        var answer = text.Length > 0 ? text.ToString() : LocalLine(context);
        yield return new ReplyCompleted(Reply(answer, "llm", options.ModelId, context));
    }

    private static ResponderReply Reply(string answer, string responder, string? model, ResponderContext context) =>
        new(answer, [], "roleplay", [], 1.0, context.State) { Responder = responder, Model = model };

    public static string Prompt(ObjectionProfile profile) =>
        $"""
        You are a realistic customer at an automotive dealership's finance office, in a role-play that trains a finance manager.
        You are {profile.Description}. Stay in character: never act as the salesperson, never mention being an AI or a role-play.
        Answer in one to three short spoken sentences. Keep objecting until the trainee really addresses your concern
        ({string.Join(", ", profile.Objections.Select(o => o.Name))}); when they have, soften and move towards a decision.
        Your opening line was: "{profile.Opener}"
        """;
}
