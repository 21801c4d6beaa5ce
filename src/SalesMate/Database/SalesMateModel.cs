using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SalesMate.Core.Entities;
using SalesMate.Utils;

namespace SalesMate.Database;

/// <summary>Table, column and index mapping. Must agree with Database/Migrations (a test compares them).</summary>
internal static class SalesMateModel
{
    public static void Configure(ModelBuilder model, bool isPostgres)
    {
        if (isPostgres)
        {
            model.HasDbFunction(() => SalesMateDbContext.NewestMessagesJson(default, default, default)).HasName("salesmate_newest_messages");
        }
        model.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Settings).HasJsonConversion(isPostgres);
        });
        model.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => new { u.TenantId, u.Email }).IsUnique();
        });
        model.Entity<UserProfile>(e =>
        {
            e.ToTable("user_profiles");
            e.HasIndex(p => new { p.TenantId, p.UserId }).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            e.Property(p => p.Categories).HasJsonConversion(isPostgres);
            e.Property(p => p.KeyFeatures).HasJsonConversion(isPostgres);
            e.Property(p => p.Preferences).HasJsonConversion(isPostgres);
        });
        model.Entity<AssistantPersona>(e =>
        {
            e.ToTable("personas");
            e.HasIndex(p => new { p.TenantId, p.Code }).IsUnique();
        });
        model.Entity<ShopperPersona>(e =>
        {
            e.ToTable("shopper_personas");
            e.HasIndex(p => new { p.TenantId, p.Code }).IsUnique();
            e.Property(p => p.Categories).HasJsonConversion(isPostgres);
            e.Property(p => p.KeyFeatures).HasJsonConversion(isPostgres);
            e.Property(p => p.PreferredBrands).HasJsonConversion(isPostgres);
            e.Property(p => p.Preferences).HasJsonConversion(isPostgres);
        });
        model.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.HasIndex(p => new { p.TenantId, p.Sku }).IsUnique();
            e.HasIndex(p => new { p.TenantId, p.Category, p.Price });
            e.HasIndex(p => new { p.TenantId, p.Brand });
            e.Property(p => p.Price).HasPrecision(14, 2);
            e.Property(p => p.Rating).HasPrecision(3, 2);
            e.Property(p => p.Specs).HasJsonConversion(isPostgres);
            e.Property(p => p.Tags).HasJsonConversion(isPostgres);
        });
        model.Entity<VisitorSession>(e =>
        {
            e.ToTable("sessions");
            e.HasIndex(s => s.TokenHash).IsUnique();
            e.HasIndex(s => new { s.TenantId, s.Email });
            e.HasIndex(s => new { s.TenantId, s.LastActivityAt });
            e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.SetNull);
            // Kept by triggers (migrations 0029 on SQLite, 0031 on PostgreSQL), read with the session; the app never writes it.
            var facts = e.Property<string?>(SalesMateDbContext.SessionFactsJsonProperty).HasColumnName("facts_json").Metadata;
            facts.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            facts.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        });
        model.Entity<Conversation>(e =>
        {
            e.ToTable("conversations");
            e.HasIndex(c => new { c.TenantId, c.SessionId, c.UpdatedAt });
            e.HasIndex(c => new { c.TenantId, c.SummarizedAt, c.LastMessageAt });
            e.Property(c => c.State).HasImmutableJsonConversion(isPostgres);
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<AssistantPersona>().WithMany().HasForeignKey(c => c.AssistantPersonaId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<ShopperPersona>().WithMany().HasForeignKey(c => c.ShopperPersonaId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Message>(e =>
        {
            e.ToTable("messages");
            e.HasIndex(m => new { m.ConversationId, m.Sequence }).IsUnique();
            e.Property(m => m.Metadata).HasImmutableJsonConversion(isPostgres);
        });
        model.Entity<ConversationSummary>(e =>
        {
            e.ToTable("conversation_summaries");
            e.HasIndex(s => s.ConversationId);
            e.Property(s => s.Details).HasJsonConversion(isPostgres);
            e.HasOne<Conversation>().WithMany().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<LlmRequest>(e =>
        {
            e.ToTable("llm_requests");
            e.HasIndex(r => new { r.ConversationId, r.CreatedAt });
            e.HasIndex(r => new { r.TenantId, r.CreatedAt });
            e.Property(r => r.UnitCostPrompt).HasPrecision(18, 10);
            e.Property(r => r.UnitCostCompletion).HasPrecision(18, 10);
            e.Property(r => r.ComputedCost).HasPrecision(18, 10);
            if (isPostgres)
            {
                e.Property(r => r.RequestBody).HasColumnType("jsonb");
                e.Property(r => r.ResponseBody).HasColumnType("jsonb");
            }
        });
        model.Entity<UsageEvent>(e =>
        {
            e.ToTable("usage_events");
            e.HasIndex(u => new { u.TenantId, u.CreatedAt });
            e.Property(u => u.Metadata).HasJsonConversion(isPostgres);
        });

        model.Entity<ChatStream>(e =>
        {
            e.ToTable("chat_streams");
            e.HasIndex(s => new { s.TenantId, s.SessionId, s.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            e.HasIndex(s => new { s.ConversationId, s.CreatedAt });
            e.HasOne<Conversation>().WithMany().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<StreamEvent>(e =>
        {
            e.ToTable("stream_events");
            e.HasKey(x => new { x.StreamId, x.Sequence });
            e.HasOne<ChatStream>().WithMany().HasForeignKey(x => x.StreamId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasIndex(r => new { r.TenantId, r.SessionId, r.Key }).IsUnique();
        });
        model.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.KeyHash).IsUnique();
        });

        model.Entity<AuthSession>(e =>
        {
            e.ToTable("auth_sessions");
            e.HasIndex(s => s.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<RefreshToken>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne<AuthSession>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<OtpLink>(e =>
        {
            e.ToTable("otp_links");
            e.HasIndex(o => new { o.TenantId, o.Email, o.Purpose });
            e.HasIndex(o => new { o.TenantId, o.RequestedIp, o.CreatedAt });
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(o => o.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EmailEvent>(e =>
        {
            e.ToTable("email_events");
            e.HasIndex(m => new { m.TenantId, m.ToEmail });
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<AuditLogEntry>(e =>
        {
            e.ToTable("audit_logs");
            e.HasIndex(a => new { a.TenantId, a.CreatedAt });
            e.Property(a => a.Details).HasJsonConversion(isPostgres);
        });
        model.Entity<TenantAgent>(e =>
        {
            e.ToTable("tenant_agents");
            e.HasIndex(a => new { a.TenantId, a.Agent }).IsUnique();
        });

        model.Entity<KnowledgeDocument>(e =>
        {
            e.ToTable("documents");
            e.HasIndex(d => new { d.TenantId, d.Namespace, d.ContentHash }).IsUnique();
            e.HasIndex(d => new { d.TenantId, d.Namespace, d.Status });
            e.Property(d => d.Tags).HasJsonConversion(isPostgres);
            e.HasOne<User>().WithMany().HasForeignKey(d => d.UploadedByUserId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<DocumentChunk>(e =>
        {
            e.ToTable("document_chunks");
            e.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
            e.HasIndex(c => new { c.TenantId, c.Namespace });
            e.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EmbeddingCacheEntry>(e =>
        {
            e.ToTable("embedding_cache");
            e.HasIndex(c => new { c.TenantId, c.Model, c.TextHash }).IsUnique();
        });
        model.Entity<AnswerCacheEntry>(e =>
        {
            e.ToTable("answer_cache");
            e.HasIndex(c => new { c.TenantId, c.Namespace, c.ExpiresAt });
        });
        model.Entity<CacheLookup>(e =>
        {
            e.ToTable("cache_lookups");
            e.HasIndex(c => new { c.TenantId, c.CreatedAt });
        });
        model.Entity<TrainingSession>(e =>
        {
            e.ToTable("training_sessions");
            e.HasIndex(t => t.ConversationId).IsUnique();
            e.HasIndex(t => new { t.TenantId, t.CreatedAt });
            e.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Contribution>(e =>
        {
            e.ToTable("contributions");
            e.HasIndex(c => new { c.TenantId, c.Status });
            e.HasIndex(c => c.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.SetNull);
        });
        ConfigureLeads(model, isPostgres);

        model.Entity<MessageFeedback>(e =>
        {
            e.ToTable("message_feedback");
            e.HasIndex(f => f.MessageId);
            e.HasIndex(f => new { f.TenantId, f.CreatedAt });
            e.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(f => f.SessionId).OnDelete(DeleteBehavior.SetNull);
        });

        model.Entity<ProductImportJob>(e =>
        {
            e.ToTable("product_import_jobs");
            e.HasIndex(j => new { j.TenantId, j.CreatedAt });
            e.HasIndex(j => new { j.TenantId, j.Status });
            e.Property(j => j.Errors).HasJsonRecordListConversion(isPostgres);
            e.HasOne<User>().WithMany().HasForeignKey(j => j.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
        });

        foreach (var entity in model.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList())
        {
            model.Entity(entity.ClrType).HasOne(typeof(Tenant)).WithMany().HasForeignKey(nameof(ITenantOwned.TenantId)).OnDelete(DeleteBehavior.Restrict);
        }

        foreach (var entity in model.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Naming.ToSnakeCase(property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName($"pk_{entity.GetTableName()}");
            }
            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName($"fk_{entity.GetTableName()}_{string.Join("_", fk.Properties.Select(p => Naming.ToSnakeCase(p.Name)))}");
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName($"ix_{entity.GetTableName()}_{string.Join("_", index.Properties.Select(p => Naming.ToSnakeCase(p.Name)))}");
            }
        }
    }

    /// <summary>Issue 6: learned profile facts, leads and their events (0015); a lead's signal occurrences in their own table (0025).</summary>
    private static void ConfigureLeads(ModelBuilder model, bool isPostgres)
    {
        model.Entity<ProfileFact>(e =>
        {
            e.ToTable("profile_facts");
            e.HasIndex(f => new { f.TenantId, f.UserId });
            e.HasIndex(f => new { f.TenantId, f.SessionId });
            e.HasIndex(f => f.MessageId);
            e.HasIndex(f => f.ConversationId);
            e.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(f => f.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.HasIndex(l => new { l.TenantId, l.UserId }).IsUnique().HasFilter("user_id IS NOT NULL");
            e.HasIndex(l => new { l.TenantId, l.SessionId }).IsUnique().HasFilter("session_id IS NOT NULL");
            e.HasIndex(l => new { l.TenantId, l.Temperature, l.LastActivityAt });
            e.HasIndex(l => l.LastConversationId);
            e.Property(l => l.Version).IsConcurrencyToken();
            e.Property(l => l.SignalCounts).HasJsonRecordListConversion(isPostgres);
            e.Property(l => l.Products).HasJsonRecordListConversion(isPostgres);
            e.Property(l => l.Objections).HasJsonRecordListConversion(isPostgres);
            e.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<VisitorSession>().WithMany().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Conversation>().WithMany().HasForeignKey(l => l.LastConversationId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<LeadEvent>(e =>
        {
            e.ToTable("lead_events");
            e.HasIndex(x => new { x.LeadId, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
            e.Property(x => x.Signals).HasJsonRecordListConversion(isPostgres);
            e.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<LeadSignalOccurrence>(e =>
        {
            e.ToTable("lead_signals");
            e.HasIndex(x => new { x.LeadId, x.Position });
            e.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
