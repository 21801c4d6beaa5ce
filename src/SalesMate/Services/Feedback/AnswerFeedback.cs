using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;

namespace SalesMate.Services.Feedback;

/// <summary>A feedback row with what an admin needs to judge it: the answer and the question before it.</summary>
public sealed record FeedbackItem(MessageFeedback Feedback, string Answer, string? Question);

/// <summary>Thumbs up/down and inaccuracy reports on assistant answers (seed 004): stored per answer and chat session.</summary>
public sealed class AnswerFeedback(SalesMateDbContext db, ConversationRepository conversations, TimeProvider clock)
{
    public const int MaxComment = 1000;
    public static readonly string[] Ratings = ["up", "down", "none"];

    public async Task<MessageFeedback> RecordAsync(VisitorSession session, Guid messageId, string? rating, bool? inaccurate, string? comment,
        CancellationToken cancellationToken)
    {
        var value = rating switch
        {
            "up" => 1,
            "down" => -1,
            "none" or null => 0,
            _ => throw new RequestValidationException("rating", "rating must be up, down or none."),
        };
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (note is { Length: > MaxComment })
        {
            throw new RequestValidationException("comment", $"comment must be at most {MaxComment} characters.");
        }
        if (value == 0 && inaccurate != true && note is null)
        {
            throw new RequestValidationException("rating", "Send a rating (up or down), inaccurate: true, or a comment.");
        }
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId && m.Role == MessageRole.Assistant, cancellationToken);
        if (message is null || await conversations.FindForSessionAsync(session, message.ConversationId, cancellationToken) is null)
        {
            throw new NotFoundException("Message", messageId);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.MessageFeedback.FirstOrDefaultAsync(f => f.MessageId == messageId && f.SessionId == session.Id, cancellationToken);
        if (row is null)
        {
            row = new MessageFeedback { Id = Guid.CreateVersion7(), MessageId = messageId, ConversationId = message.ConversationId, SessionId = session.Id, CreatedAt = now };
            db.MessageFeedback.Add(row);
        }
        row.Rating = value;
        row.Inaccurate = inaccurate ?? row.Inaccurate;
        row.Comment = note ?? row.Comment;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    public async Task<(IReadOnlyList<FeedbackItem> Items, int Total)> ListAsync(bool? inaccurateOnly, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var query = db.MessageFeedback.AsNoTracking();
        if (inaccurateOnly == true)
        {
            query = query.Where(f => f.Inaccurate);
        }
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id)
            .Skip(Paging.Skip(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        var messageIds = rows.Select(r => r.MessageId).ToList();
        var answers = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
            .Select(m => new { m.Id, m.ConversationId, m.Sequence, m.Content }).ToListAsync(cancellationToken);
        var items = new List<FeedbackItem>();
        foreach (var row in rows)
        {
            var answer = answers.First(a => a.Id == row.MessageId);
            var question = await db.Messages.AsNoTracking()
                .Where(m => m.ConversationId == answer.ConversationId && m.Sequence < answer.Sequence && m.Role == MessageRole.User)
                .OrderByDescending(m => m.Sequence).Select(m => m.Content).FirstOrDefaultAsync(cancellationToken);
            items.Add(new FeedbackItem(row, answer.Content, question));
        }
        return (items, total);
    }
}
