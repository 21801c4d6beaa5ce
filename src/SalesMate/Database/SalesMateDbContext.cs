using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SalesMate.Core.Entities;

namespace SalesMate.Database;

/// <summary>
/// The application's database. Tenant isolation lives here and nowhere else: every <see cref="ITenantOwned"/>
/// entity gets a query filter on the current tenant, and SaveChanges stamps and checks the tenant of every row.
/// </summary>
/// <remarks>
/// Contexts are pooled (<see cref="PooledTenantContexts"/>): a context gets the tenant of the scope that leases it and
/// loses it when returned, so a context that no scope leased has no tenant and its tenant-owned queries throw.
/// </remarks>
public sealed class SalesMateDbContext : DbContext
{
    private ITenantContext _tenant;

    /// <summary>The only constructor, as the context pool requires: the tenant comes with each lease (<see cref="LeaseFor"/>).</summary>
    public SalesMateDbContext(DbContextOptions<SalesMateDbContext> options) : base(options) => _tenant = NoTenant.Instance;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<UserProfile> UserProfiles => Set<UserProfile>();
    public DbSet<AssistantPersona> AssistantPersonas => Set<AssistantPersona>();
    public DbSet<ShopperPersona> ShopperPersonas => Set<ShopperPersona>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<VisitorSession> Sessions => Set<VisitorSession>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<ConversationSummary> ConversationSummaries => Set<ConversationSummary>();
    public DbSet<LlmRequest> LlmRequests => Set<LlmRequest>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<ChatStream> ChatStreams => Set<ChatStream>();
    public DbSet<StreamEvent> StreamEvents => Set<StreamEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<OtpLink> OtpLinks => Set<OtpLink>();
    public DbSet<EmailEvent> EmailEvents => Set<EmailEvent>();
    public DbSet<AuditLogEntry> AuditLogs => Set<AuditLogEntry>();
    public DbSet<TenantAgent> TenantAgents => Set<TenantAgent>();
    public DbSet<KnowledgeDocument> Documents => Set<KnowledgeDocument>();
    public DbSet<DocumentChunk> DocumentChunks => Set<DocumentChunk>();
    public DbSet<EmbeddingCacheEntry> EmbeddingCache => Set<EmbeddingCacheEntry>();
    public DbSet<AnswerCacheEntry> AnswerCache => Set<AnswerCacheEntry>();
    public DbSet<CacheLookup> CacheLookups => Set<CacheLookup>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<Contribution> Contributions => Set<Contribution>();
    public DbSet<MessageFeedback> MessageFeedback => Set<MessageFeedback>();
    public DbSet<ProductImportJob> ProductImportJobs => Set<ProductImportJob>();
    public DbSet<ProfileFact> ProfileFacts => Set<ProfileFact>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<LeadEvent> LeadEvents => Set<LeadEvent>();
    public DbSet<LeadSignalOccurrence> LeadSignals => Set<LeadSignalOccurrence>();

    /// <summary>Read by the query filters; EF evaluates it per query, so each context instance sees its own tenant.</summary>
    public Guid CurrentTenantId => _tenant.TenantId;

    /// <summary>
    /// PostgreSQL, inside a query only: the conversation's newest <paramref name="count"/> messages as one JSON column
    /// (function <c>salesmate_newest_messages</c>, migration 0026).
    /// </summary>
    public static string? NewestMessagesJson(Guid conversationId, Guid tenantId, int count) =>
        throw new NotSupportedException("NewestMessagesJson runs in PostgreSQL, as part of a LINQ query.");

    /// <summary>
    /// The shadow property of a session's column <c>facts_json</c>, its own anonymous facts in the format of
    /// PostgreSQL's <c>salesmate_session_facts</c> (migration 0026), kept by triggers (migrations 0029 on SQLite, 0031 on PostgreSQL) and read with the session.
    /// </summary>
    public const string SessionFactsJsonProperty = "FactsJson";

    private bool? _isPostgres;

    internal bool IsPostgres => _isPostgres ??= Database.IsNpgsql();

    /// <summary>The tenant and cross-tenant job that PostgreSQL's row-level security is told about (TenantSessionInterceptor).</summary>
    internal ITenantContext TenantScope => _tenant;

    /// <summary>What the row-level-security settings on a held connection are known to be (<see cref="HeldConnection"/>).</summary>
    internal TenantSettingsOnConnection TenantSettingsOnConnection { get; private set; } = new();

    /// <summary>Gives a pooled context the leasing scope's tenant, with nothing known about any connection's settings.</summary>
    internal SalesMateDbContext LeaseFor(ITenantContext tenant)
    {
        _tenant = tenant;
        TenantSettingsOnConnection = new TenantSettingsOnConnection();
        return this;
    }

    // Disposing a pooled context returns it to the pool: it must not keep the last scope's tenant.
    public override void Dispose()
    {
        _tenant = NoTenant.Instance;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _tenant = NoTenant.Instance;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var isPostgres = Database.IsNpgsql();
        SalesMateModel.Configure(modelBuilder, isPostgres);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType))
            {
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter(entityType.ClrType));
            }
        }

        if (!isPostgres)
        {
            UseSqliteFriendlyTypes(modelBuilder);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var autoDetect = StampTenant();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var autoDetect = StampTenant();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// For a save that writes the pending rows itself (<see cref="SingleCommandSave"/>): the same detection and tenant
    /// stamp and guard as SaveChanges. Returns the automatic-detection setting to give back to <see cref="EndOwnSave"/>.
    /// </summary>
    internal bool BeginOwnSave() => StampTenant();

    internal void EndOwnSave(bool autoDetect) => ChangeTracker.AutoDetectChangesEnabled = autoDetect;

    /// <summary>
    /// Detects changes once, checks the tenant of every written row, and turns automatic detection off for the save that
    /// follows (it would scan the tracked entities a second time); returns the setting to restore.
    /// </summary>
    private bool StampTenant()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = CurrentTenantId;
            }
            else if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                     && entry.Entity.TenantId != CurrentTenantId)
            {
                ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                throw new InvalidOperationException(
                    $"Refusing to write a {entry.Metadata.ClrType.Name} of another tenant.");
            }
        }
        return autoDetect;
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        var row = Expression.Parameter(entityType, "row");
        var rowTenant = Expression.Property(row, nameof(ITenantOwned.TenantId));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, current), row);
    }

    /// <summary>
    /// SQLite has no decimal or timestamp type: prices are stored as REAL so range filters and ORDER BY compare numbers,
    /// and DateTime values are read back as UTC.
    /// </summary>
    private static void UseSqliteFriendlyTypes(ModelBuilder modelBuilder)
    {
        var utc = new ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(
            v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property.ClrType == typeof(decimal) || property.ClrType == typeof(decimal?))
                {
                    property.SetValueConverter(property.ClrType == typeof(decimal)
                        ? new ValueConverter<decimal, double>(v => (double)v, v => (decimal)v)
                        : new ValueConverter<decimal?, double?>(v => (double?)v, v => (decimal?)v));
                }
                else if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(utcNullable);
                }
            }
        }
    }
}
