using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Services.Privacy;

namespace SalesMate.Services.Training;

/// <summary>
/// Privacy export and deletion of a person's training and role-play sessions: mode, objection profile, score and the
/// score report. The transcript itself is the conversation's messages (voice turns are stored as their transcripts;
/// audio is never kept), exported and deleted with the conversations; each session names its conversation.
/// </summary>
public sealed class TrainingPersonalData(SalesMateDbContext db) : IPersonalDataStore
{
    public string Name => "training_sessions";

    private IQueryable<Core.Entities.TrainingSession> Of(PrivacySubject subject) =>
        db.TrainingSessions.Where(t => subject.ConversationIds.Contains(t.ConversationId));

    public async Task<object?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var sessions = await Of(subject).AsNoTracking().OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        return sessions.Select(t => new
        {
            t.Id, t.ConversationId, t.Mode, t.Profile, t.Score, t.ScoredAt, t.CreatedAt,
            Report = t.Report is null ? (JsonElement?)null : JsonDocument.Parse(t.Report).RootElement.Clone(),
        }).ToList();
    }

    public Task<int> DeleteAsync(PrivacySubject subject, CancellationToken cancellationToken) => Of(subject).ExecuteDeleteAsync(cancellationToken);
}
