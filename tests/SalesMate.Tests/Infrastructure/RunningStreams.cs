using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Streaming;

namespace SalesMate.Tests.Infrastructure;

public static class RunningStreams
{
    /// <summary>
    /// A stream row of the conversation as an instance leaves it while it generates (running, no events), made without
    /// any generation behind it; and the token its listeners present.
    /// </summary>
    public static async Task<(Guid TenantId, Guid StreamId, string Token)> AddAsync(IServiceProvider services, Guid conversationId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Select(t => t.Id).SingleAsync());
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId);
        var stream = new ChatStream
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            SessionId = conversation.SessionId,
            Status = ChatStreamStatus.Running,
            CreatedAt = DateTime.UtcNow,
            ExpiresAt = DateTime.UtcNow.AddHours(1),
        };
        db.ChatStreams.Add(stream);
        await db.SaveChangesAsync();
        return (conversation.TenantId, stream.Id, scope.ServiceProvider.GetRequiredService<StreamTokens>().Sign(stream.Id, conversation.SessionId));
    }
}
