using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;

namespace SalesMate.Services.OpenAiCompat;

/// <summary>A validated completion request whose user message is stored; <see cref="Turn"/> is ready to generate.</summary>
public sealed record CompletionPlan(PreparedTurn Turn, string Model, long Created, bool Stream, bool IncludeUsage)
{
    public string Id => $"chatcmpl-{Turn.AssistantMessageId:N}";
}

/// <summary>
/// The OpenAI-compatible face of <see cref="ChatService"/>. Models are the tenant's assistant personas
/// (<c>salesmate/&lt;code&gt;</c>). A conversation key (the <c>user</c> field, or the <c>X-SalesMate-Conversation</c>
/// header) maps to one SalesMate conversation per API key; only the request's last user message is used, because the
/// stored conversation (history and remembered filters) is authoritative. Without a key every request starts afresh.
/// </summary>
public sealed class OpenAiChatService(SalesMateDbContext db, ChatService chat, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Config.ChatOptions> chatOptions)
{
    public const string ModelPrefix = "salesmate/";
    public const string ConversationHeader = "X-SalesMate-Conversation";
    public const int MaxConversationKeyLength = 256;

    public async Task<ModelList> ModelsAsync(CancellationToken cancellationToken)
    {
        var personas = await SalesPersonas().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Code).ToListAsync(cancellationToken);
        return new ModelList("list", personas.Select(Model).ToList());
    }

    public async Task<ModelInfo> ModelAsync(string id, CancellationToken cancellationToken) =>
        Model(await PersonaAsync(id, cancellationToken));

    /// <summary>Validates the request, finds or starts the conversation, and stores the new user message.</summary>
    public async Task<CompletionPlan> PrepareAsync(ApiKey key, ChatCompletionRequest request, string? conversationHeader,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw OpenAiException.InvalidRequest("You must provide a model parameter.", "model", "missing_required_parameter");
        }
        if (request.Messages is not { Count: > 0 } messages)
        {
            throw OpenAiException.InvalidRequest("'messages' must be a non-empty array.", "messages", "missing_required_parameter");
        }
        if (request.N is { } n && n != 1)
        {
            throw OpenAiException.InvalidRequest("Only n=1 is supported.", "n", "unsupported_value");
        }
        if (request.StreamOptions is not null && request.Stream != true)
        {
            throw OpenAiException.InvalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
        }
        var last = messages.LastOrDefault(m => m is not null && string.Equals(m.Role, "user", StringComparison.Ordinal))
                   ?? throw OpenAiException.InvalidRequest("'messages' must contain at least one message with role 'user'.", "messages");
        var text = TextOf(last.Content);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw OpenAiException.InvalidRequest("The last user message has no text content.", "messages");
        }
        if (text.Trim().Length > chatOptions.Value.MaxMessageChars)
        {
            // Before any conversation, session or model call: a too-long message costs nothing.
            throw new Core.TextTooLongException("message", chatOptions.Value.MaxMessageChars, text.Trim().Length);
        }
        var conversationKey = ConversationKey(conversationHeader, request.User);
        var persona = await PersonaAsync(request.Model, cancellationToken);

        var (session, conversation) = await ConversationAsync(key, conversationKey, cancellationToken);
        if (conversation.AssistantPersonaId != persona.Id)
        {
            conversation.AssistantPersonaId = persona.Id; // the model chosen for this request speaks from now on
            await db.SaveChangesAsync(cancellationToken);
        }
        var turn = await chat.PrepareAsync(session, conversation.Id, text, cancellationToken);
        return new CompletionPlan(turn, ModelPrefix + persona.Code, clock.GetUtcNow().ToUnixTimeSeconds(), request.Stream == true,
            request.StreamOptions?.IncludeUsage == true);
    }

    public IAsyncEnumerable<TurnUpdate> GenerateAsync(CompletionPlan plan, CancellationToken cancellationToken) =>
        chat.GenerateAsync(plan.Turn, cancellationToken);

    private async Task<AssistantPersona> PersonaAsync(string model, CancellationToken cancellationToken)
    {
        var code = model.StartsWith(ModelPrefix, StringComparison.Ordinal) ? model[ModelPrefix.Length..] : null;
        return (code is { Length: > 0 } ? await SalesPersonas().FirstOrDefaultAsync(p => p.Code == code, cancellationToken) : null)
               ?? throw OpenAiException.ModelNotFound(model);
    }

    /// <summary>This API speaks for the sales agent: personas that another agent (the trainer's coach) uses are not models here.</summary>
    private IQueryable<AssistantPersona> SalesPersonas()
    {
        var otherAgents = db.TenantAgents.Where(a => a.Agent != Agents.Sales && a.PersonaCode != null).Select(a => a.PersonaCode);
        return db.AssistantPersonas.AsNoTracking().Where(p => !otherAgents.Contains(p.Code));
    }

    /// <summary>
    /// Each conversation key gets a session of its own whose <c>token_hash</c> is not a SHA-256 hex string, so no session
    /// token can ever reach it through the browser chat API; it holds the key's one conversation for that user.
    /// </summary>
    private async Task<(VisitorSession Session, Conversation Conversation)> ConversationAsync(ApiKey key, string? conversationKey,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var marker = conversationKey is null
            ? $"apikey:{key.Id:N}:once:{Guid.CreateVersion7():N}"
            : $"apikey:{key.Id:N}:user:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationKey)))}";
        var session = conversationKey is null ? null : await db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == marker, cancellationToken);
        if (session is not null)
        {
            var existing = await db.Conversations.Where(c => c.SessionId == session.Id).OrderByDescending(c => c.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (now - session.LastActivityAt > TimeSpan.FromMinutes(1))
            {
                session.LastActivityAt = now; // saved with the next SaveChanges
            }
            if (existing is not null)
            {
                return (session, existing);
            }
        }
        else
        {
            session = new VisitorSession { Id = Guid.CreateVersion7(), TokenHash = marker, CreatedAt = now, LastActivityAt = now };
            db.Sessions.Add(session); // saved together with the conversation by StartAsync
        }
        var start = await chat.StartAsync(session, null, cancellationToken);
        return (session, start.Conversation);
    }

    private static string? ConversationKey(string? header, string? user)
    {
        var (value, param) = !string.IsNullOrWhiteSpace(header) ? (header.Trim(), ConversationHeader)
            : !string.IsNullOrWhiteSpace(user) ? (user.Trim(), "user")
            : ((string?)null, (string?)null);
        if (value is { Length: > MaxConversationKeyLength })
        {
            throw OpenAiException.InvalidRequest($"'{param}' must be at most {MaxConversationKeyLength} characters.", param);
        }
        return value;
    }

    /// <summary>A string, or the text parts of a content array (other part types are ignored).</summary>
    private static string? TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                        && type.GetString() == "text" && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };

    private static ModelInfo Model(AssistantPersona persona) =>
        new(ModelPrefix + persona.Code, "model", new DateTimeOffset(DateTime.SpecifyKind(persona.CreatedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(), "salesmate");
}
