using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Conversations;

/// <summary>
/// The newest messages of conversations this instance answered lately, so that a turn's session lookup does not read them
/// again (docs/decisions/0017a-recent-messages.md). An entry is exact for one message count, and it is used only when the
/// conversation the lookup just read has that count, whichever instance wrote to it in between. That holds because a
/// conversation's messages are written once (id, number, role, text, time), a save that adds one sets
/// <c>message_count</c> to its number and fails on a taken number, and messages are deleted only with their conversation.
/// Bounded by <c>chat.recent_messages_cache_mb</c>; an entry unused for 10 minutes is dropped.
/// </summary>
public sealed class RecentMessages : IDisposable
{
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);
    private readonly MemoryCache? _cache;

    public RecentMessages(IOptions<ChatOptions> options)
    {
        var megabytes = options.Value.RecentMessagesCacheMb;
        _cache = megabytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024L }) : null;
    }

    /// <summary>The newest messages through message number <see cref="Through"/>, newest first. Never changed once made.</summary>
    public sealed class Snapshot(int through, Message[] newestFirst)
    {
        public int Through { get; } = through;

        internal Message[] NewestFirst { get; } = newestFirst;

        /// <summary>Copies for one turn: a turn may hand its history to code that attaches or edits it.</summary>
        public IReadOnlyList<Message> Copy() => [.. NewestFirst.Select(Detached)];
    }

    public Snapshot? Find(Guid conversationId) => _cache is not null && _cache.TryGetValue(conversationId, out Snapshot? found) ? found : null;

    /// <summary>
    /// The newest messages of <paramref name="conversation"/> when its count was <paramref name="through"/>, as just read
    /// from the database (newest first): all of them, or at least the newest <see cref="SessionManager.MessagesReadWithConversation"/>.
    /// </summary>
    public void Remember(Conversation conversation, int through, IEnumerable<Message> newestFirst)
    {
        if (_cache is not null)
        {
            Set(conversation.Id, new Snapshot(through,
                [.. newestFirst.Take(SessionManager.MessagesReadWithConversation).Select(m => Kept(m, conversation.TenantId, conversation.Id))]));
        }
    }

    /// <summary>
    /// A turn stored its question and answer: the entry moves on by those two when they directly follow it. Otherwise
    /// (another turn's message came between, or nothing is known) it is dropped, and the next lookup reads from the database.
    /// </summary>
    public void Appended(Guid conversationId, Message question, Message answer)
    {
        if (_cache is null)
        {
            return;
        }
        if (Find(conversationId) is { } known && question.Sequence == known.Through + 1 && answer.Sequence == question.Sequence + 1)
        {
            Set(conversationId, new Snapshot(answer.Sequence, [Kept(answer, answer.TenantId, conversationId),
                Kept(question, question.TenantId, conversationId), .. known.NewestFirst.Take(SessionManager.MessagesReadWithConversation - 2)]));
        }
        else
        {
            _cache.Remove(conversationId);
        }
    }

    private void Set(Guid conversationId, Snapshot snapshot)
    {
        if (_cache is null)
        {
            return;
        }
        // Two bytes per character of text, plus the object and the other fields.
        var size = snapshot.NewestFirst.Sum(m => 2L * m.Content.Length + 120);
        using var entry = _cache.CreateEntry(conversationId);
        entry.Value = snapshot;
        entry.Size = size;
        entry.SlidingExpiration = Unused;
    }

    /// <summary>A copy for a turn, with metadata of its own.</summary>
    private static Message Detached(Message m) => new()
    {
        Id = m.Id, TenantId = m.TenantId, ConversationId = m.ConversationId, Sequence = m.Sequence, Role = m.Role,
        Content = m.Content, CreatedAt = m.CreatedAt,
    };

    // History never reads metadata, so what is kept shares one empty value instead of holding one per message; it is
    // never handed out (Detached copies get their own).
    private static readonly MessageMetadata NoMetadata = new();

    private static Message Kept(Message m, Guid tenantId, Guid conversationId) => new()
    {
        Id = m.Id, TenantId = tenantId, ConversationId = conversationId, Sequence = m.Sequence, Role = m.Role,
        Content = m.Content, CreatedAt = m.CreatedAt, Metadata = NoMetadata,
    };

    public void Dispose() => _cache?.Dispose();
}
