using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Tenancy;
using SalesMate.Vector;

namespace SalesMate.Services.Conversations;

/// <summary>Starts a conversation with the agent's persona and the local responder's greeting.</summary>
public sealed class ConversationStarter(
    SalesMateDbContext db,
    CatalogIndex catalogIndex,
    PersonaCache personaCache,
    AgentContext agents,
    LocalSalesResponder localResponder,
    TimeProvider clock,
    ILogger<ConversationStarter> logger)
{
    public async Task<ChatStart> StartAsync(VisitorSession session, string? shopperPersona, CancellationToken cancellationToken)
    {
        var (catalog, _, personasVersion) = await catalogIndex.GetForTurnAsync(db, cancellationToken);
        var personas = await personaCache.GetAsync(db, personasVersion, cancellationToken);
        ShopperPersona? shopper = null;
        if (!string.IsNullOrWhiteSpace(shopperPersona))
        {
            shopper = personas.Shopper(shopperPersona.Trim()) ?? throw new NotFoundException("Persona", shopperPersona.Trim());
        }
        var agent = await agents.CurrentAsync(cancellationToken);
        if (!agent.IsEnabled)
        {
            throw new NotFoundException("Agent", agent.Agent);
        }
        var assistant = AssistantOf(agent, personas);
        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(),
            SessionId = session.Id,
            UserId = session.UserId,
            ShopperPersonaId = shopper?.Id,
            AssistantPersonaId = assistant?.Id,
            Agent = agent.Agent,
            CreatedAt = now,
            UpdatedAt = now,
            LastMessageAt = now,
            MessageCount = 1,
        };
        // The greeting never needs a model: it comes from the local rules whatever the provider.
        var greeting = await localResponder.RespondAsync(new ResponderContext(catalog, conversation.State, "hello", shopper, assistant), cancellationToken);
        var message = new Message
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Sequence = 1,
            Role = MessageRole.Assistant,
            Content = greeting.Answer,
            Metadata = new MessageMetadata { Intent = Intents.Greeting, SuggestedActions = [.. greeting.SuggestedActions], Responder = "local", Status = "completed" },
            CreatedAt = now,
        };
        db.Conversations.Add(conversation);
        db.Messages.Add(message);
        db.UsageEvents.Add(ChatUsage.Event("conversation.started", session.Id, conversation.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Conversation {ConversationId} started", conversation.Id);
        return new ChatStart(conversation, message);
    }

    /// <summary>The agent's persona; the tenant's default persona when the agent names none (or one that was deleted).</summary>
    private AssistantPersona? AssistantOf(AgentSettings agent, TenantPersonas personas)
    {
        if (agent.PersonaCode is { } code)
        {
            if (personas.AssistantByCode(code) is { } persona)
            {
                return persona;
            }
            logger.LogWarning("Agent {Agent} names persona {PersonaCode}, which does not exist; using the default persona", agent.Agent, code);
        }
        return personas.Assistant(null);
    }
}
