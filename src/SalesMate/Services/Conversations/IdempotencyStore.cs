using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Streaming;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Idempotency-Key for non-streaming writes: the same key and body return the stored response, the same key with
/// another body is 422, and a duplicate that arrives while the first is still running is 409.
/// </summary>
public sealed class IdempotencyStore(SalesMateDbContext db, TimeProvider clock)
{
    /// <summary>The stored response to replay, or null after reserving the key for this request.</summary>
    public async Task<IdempotencyRecord?> BeginAsync(Guid sessionId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var existing = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.SessionId == sessionId && r.Key == key, cancellationToken);
        if (existing is not null)
        {
            return existing.RequestHash != requestHash ? throw new IdempotencyMismatchException()
                : existing.Status != "completed" ? throw new ConflictException("A request with this Idempotency-Key is still being processed.")
                : existing;
        }
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Id = Guid.CreateVersion7(),
            SessionId = sessionId,
            Key = key,
            RequestHash = requestHash,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken); // a concurrent twin fails here on the unique index -> 409
        return null;
    }

    public Task CompleteAsync(Guid sessionId, string key, int statusCode, string body) =>
        db.IdempotencyRecords.Where(r => r.SessionId == sessionId && r.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, "completed")
            .SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ResponseBody, body)
            .SetProperty(r => r.CompletedAt, clock.GetUtcNow().UtcDateTime));

    /// <summary>A failed request releases its key so the client can retry with it.</summary>
    public Task AbandonAsync(Guid sessionId, string key) =>
        db.IdempotencyRecords.Where(r => r.SessionId == sessionId && r.Key == key && r.Status != "completed").ExecuteDeleteAsync();

    public static string HashOf(Guid conversationId, string? message) => Idempotency.Hash(conversationId.ToString(), message ?? "");
}
