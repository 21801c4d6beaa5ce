using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Contributions;
using SalesMate.Services.Conversations;
using SalesMate.Services.Email;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Leads;
using SalesMate.Services.Voice;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Llm.Responders;
using SalesMate.Services.OpenAiCompat;
using SalesMate.Services.Otp;
using SalesMate.Services.Products;
using SalesMate.Services.Products.Imports;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Services.Streaming;
using SalesMate.Vector;

namespace SalesMate;

/// <summary>Everything the web app and the CLI share: options, database, repositories, services.</summary>
public static class SalesMateServices
{
    public static IServiceCollection AddSalesMateCore(this IServiceCollection services)
    {
        services.AddSalesMateOptions();
        services.AddSingleton(TimeProvider.System);

        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddScoped<Services.Tenancy.AgentContext>();
        services.AddSingleton<Services.Tenancy.AgentDirectory>();
        services.AddSingleton<Services.Tenancy.TenantDirectory>();
        services.AddScoped<Services.Admin.AuditLog>();
        services.AddScoped<Services.Admin.UserAdministration>();
        services.AddScoped<Services.Admin.TenantAdministration>();
        services.AddPooledSalesMateDbContext((sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.IsPostgres)
            {
                options.UseNpgsql(database.AppConnectionString).AddInterceptors(database.DurableChatCommits ? TenantSessionDurable : TenantSession);
            }
            else
            {
                options.UseSqlite(SqliteConnectionString(database.EffectiveConnectionString)).AddInterceptors(new SqlitePragmas(), new SqliteUnstorableText());
            }
        }); // options built once; contexts pooled, each lease given its scope's tenant
        services.AddScoped<MigrationRunner>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DatabaseRoleCheck>();
        services.AddScoped<AppRoleSetup>();

        services.AddScoped<ProductRepository>();
        services.AddScoped<ConversationRepository>();
        services.AddScoped<PersonaRepository>();
        services.AddScoped<UsageRepository>();
        services.AddScoped<CacheUsageRepository>();
        services.AddScoped<AnalyticsQueries>();
        services.AddScoped<ConversationInsightQueries>();
        services.AddSingleton<LlmBudget>();

        services.AddSingleton<CatalogIndex>();
        services.AddSingleton<RecommendationEngine>();
        services.AddSingleton<BudgetAlternatives>();
        services.AddSingleton<CurrencyConverter>();
        services.AddSingleton<LocalSalesResponder>();
        services.AddLlmGateway();
        services.AddSingleton(sp => sp.GetService<Microsoft.Extensions.AI.IChatClient>() is { } client
            ? ActivatorUtilities.CreateInstance<Services.Llm.Classification.StructuredClassifier>(sp, client) : null!);
        services.AddSalesResponders();
        services.AddSalesPipeline();
        services.AddKnowledgeRetrieval();
        services.AddScoped<ProductImporter>();
        services.AddProductImports();
        services.AddScoped<SessionManager>();
        services.AddSingleton<RecentMessages>();
        services.AddScoped<PersonaDemoSwitch>();
        services.AddScoped<ChatService>();
        services.AddScoped<TurnGenerator>();
        services.AddScoped<TurnPlanner>();
        services.AddScoped<InScopeTurnPhases>();
        services.AddScoped<ConversationStarter>();
        services.AddSingleton<PersonaCache>();
        services.AddScoped<TurnStager>();
        services.AddScoped<TurnLoader>();
        services.AddScoped<TurnKnowledgePlanner>();
        services.AddScoped<AnswerStore>();
        services.AddSingleton<Services.Intelligence.QueryPreprocessor>();
        services.AddScoped<Services.Feedback.AnswerFeedback>();
        services.AddScoped<IdempotencyStore>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<OpenAiChatService>();
        services.AddSingleton<StreamHub>();
        services.AddSingleton<StreamTokens>();
        services.AddSingleton<StreamRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamRunner>());
        services.AddScoped<StreamService>();
        services.AddScoped(sp => new Lazy<SalesMateDbContext>(sp.GetRequiredService<SalesMateDbContext>));
        services.AddScoped<StreamEventReader>();
        services.AddSingleton<StreamJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamJanitor>());
        services.AddSingleton<SessionJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionJanitor>());
        services.AddEmail();
        services.AddOtp();
        services.AddScoped<PersonalDataRepository>();
        services.AddScoped<Services.Privacy.PrivacyService>();
        services.AddKnowledgeIngestion();
        services.AddContributions();
        services.AddLeads();
        services.AddVoice();
        return services;
    }

    private static readonly TenantSessionInterceptor TenantSession = new(relaxChatCommits: true);
    private static readonly TenantSessionInterceptor TenantSessionDurable = new(relaxChatCommits: false);

    /// <summary>Creates the SQLite file's folder; lock waits are handled by SQLite's busy_timeout (see SqlitePragmas).</summary>
    private static string SqliteConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
        return builder.ToString();
    }
}
