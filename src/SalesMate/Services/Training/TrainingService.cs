using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Conversations;
using SalesMate.Services.Llm;
using SalesMate.Services.Tenancy;

namespace SalesMate.Services.Training;

public sealed record TrainingStart(Conversation Conversation, TrainingSession Training, string Greeting);

/// <summary>Training and role-play conversations of the trainer agent (seed 004): starting them and scoring a role-play.</summary>
public sealed class TrainingService(
    SalesMateDbContext db,
    ChatService chat,
    AgentContext agents,
    ConversationRepository conversations,
    IOptions<TrainingOptions> options,
    TimeProvider clock,
    ILogger<TrainingService> logger,
    IChatClient? client = null)
{
    public const string TrainerGreeting = "Hi! I'm your sales coach. Ask me about the products you sell and how to explain them, "
        + "or switch to role-play to practise with a customer.";

    public static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<TrainingStart> StartAsync(VisitorSession session, string? mode, string? persona, CancellationToken cancellationToken)
    {
        var chosenMode = string.IsNullOrWhiteSpace(mode) ? TrainingSession.Training : mode.Trim().ToLowerInvariant();
        if (!TrainingSession.Modes.Contains(chosenMode))
        {
            throw new RequestValidationException("mode", $"mode must be one of: {string.Join(", ", TrainingSession.Modes)}.");
        }
        ObjectionProfile? profile = null;
        if (chosenMode == TrainingSession.RolePlay)
        {
            profile = string.IsNullOrWhiteSpace(persona) ? ObjectionProfiles.All[0]
                : ObjectionProfiles.Find(persona) ?? throw new RequestValidationException("persona", $"persona must be one of: {ObjectionProfiles.Codes}.");
        }
        agents.Select(Agents.Trainer);
        var started = await chat.StartAsync(session, null, cancellationToken);
        if (profile is not null)
        {
            // The customer speaks first, in character.
            started.Greeting.Content = profile.Opener;
            started.Greeting.Metadata = started.Greeting.Metadata with { Intent = "roleplay", SuggestedActions = [] };
        }
        else
        {
            // The local greeting is a shop assistant's; a trainee is greeted by the coach.
            started.Greeting.Content = TrainerGreeting;
            started.Greeting.Metadata = started.Greeting.Metadata with { SuggestedActions = [] };
        }
        var training = new TrainingSession
        {
            Id = Guid.CreateVersion7(),
            ConversationId = started.Conversation.Id,
            Mode = chosenMode,
            Profile = profile?.Code,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.TrainingSessions.Add(training);
        await db.SaveChangesAsync(cancellationToken);
        return new TrainingStart(started.Conversation, training, started.Greeting.Content);
    }

    public async Task<RolePlayReport> ScoreAsync(VisitorSession session, Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindForSessionAsync(session, conversationId, cancellationToken, Agents.Trainer)
                           ?? throw new NotFoundException("Conversation", conversationId);
        var training = await db.TrainingSessions.FirstOrDefaultAsync(t => t.ConversationId == conversation.Id, cancellationToken);
        if (training is not { Mode: TrainingSession.RolePlay } || ObjectionProfiles.Find(training.Profile) is not { } profile)
        {
            throw new ConflictException("Only a role-play conversation can be scored (start one with mode roleplay).");
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id)
            .OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        var trainee = messages.Where(m => m.Role == MessageRole.User).Select(m => m.Content).ToList();
        var settings = await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.Settings).FirstAsync(cancellationToken);
        var phrases = settings.Training?.CompliancePhrases ?? options.Value.CompliancePhrases;
        var report = RolePlayScorer.Score(profile, trainee, phrases);
        if (client is not null && trainee.Count > 0)
        {
            try
            {
                var transcript = string.Join("\n", messages.Select(m => $"{(m.Role == MessageRole.User ? "Trainee" : "Customer")}: {m.Content}"));
                report = await RolePlayScorer.RefineAsync(client, report, transcript, db.CurrentTenantId, conversation.Id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Model scoring failed for {ConversationId}; keeping the rules' report", conversation.Id);
            }
        }
        training.Report = JsonSerializer.Serialize(report, ReportJson);
        training.Score = report.Score;
        training.ScoredAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }
}

/// <summary>Hooks role-play into the chat turn: a trainer conversation in roleplay mode is answered by its customer.</summary>
public sealed class RolePlayModeResponder(SalesMateDbContext db, IChatClient? chatClient = null) : IConversationModeResponder
{
    public async Task<ISalesResponder?> ForAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        if (conversation.Agent != Agents.Trainer)
        {
            return null;
        }
        var profile = await db.TrainingSessions.AsNoTracking()
            .Where(t => t.ConversationId == conversation.Id && t.Mode == TrainingSession.RolePlay)
            .Select(t => t.Profile).FirstOrDefaultAsync(cancellationToken);
        return ObjectionProfiles.Find(profile) is { } found
            ? new RolePlayResponder(found, chatClient, db.CurrentTenantId)
            : null;
    }
}
