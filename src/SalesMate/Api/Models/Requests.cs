namespace SalesMate.Api.Models;

public sealed record StartChatRequest(string? PersonaId);

public sealed record ChatMessageRequest(Guid? ConversationId, string? Message);
