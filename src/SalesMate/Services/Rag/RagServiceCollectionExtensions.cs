using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Services.Rag.FullText;
using SalesMate.Vector;

namespace SalesMate.Services.Rag;

public static class RagServiceCollectionExtensions
{
    /// <summary>
    /// Registers embeddings, the vector store, full text, the knowledge indexer and retrieval. Like the chat gateway, the
    /// provider and the store are chosen once, from the validated options, when their singletons are first resolved.
    /// </summary>
    public static IServiceCollection AddKnowledgeRetrieval(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(BuildGenerator);
        services.TryAddSingleton(sp => new EmbeddingService(
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value.BatchSize,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmbeddingService>>()));
        services.TryAddSingleton<IVectorStore>(BuildVectorStore);
        services.TryAddSingleton<IFullTextSearch>(sp => new MemoryFullTextSearch(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsPostgres ? new PostgresFullTextSearch() : new SqliteFullTextSearch(),
            sp.GetRequiredService<IOptions<RetrievalOptions>>(),
            sp.GetRequiredService<ILogger<MemoryFullTextSearch>>()));
        services.TryAddScoped<IKnowledgeIndexer, KnowledgeIndexer>();
        services.TryAddSingleton<KnowledgeRetriever>();
        services.TryAddSingleton<ProductVectorIndex>();
        services.TryAddSingleton<ProductRetriever>();
        services.TryAddSingleton<Answers.AnswerCache>();
        services.TryAddSingleton<Answers.KnowledgeAnswers>();
        return services;
    }

    /// <summary>Local hashing generator, or Accounting(Resilient(OpenAIEmbeddingGenerator)) for a hosted provider.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> BuildGenerator(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
        if (!options.IsHosted)
        {
            return new LocalHashingEmbeddingGenerator(options.Dimensions ?? 384);
        }
        var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var settings = EmbeddingProviderSettings.From(options, llm);
        var clock = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        IEmbeddingGenerator<string, Embedding<float>> generator = new OpenAIEmbeddingGenerator(settings);
        generator = new ResilientEmbeddingGenerator(generator, settings.MaxRetries, clock, loggers.CreateLogger<ResilientEmbeddingGenerator>());
        return new AccountingEmbeddingGenerator(generator, services.GetRequiredService<IServiceScopeFactory>(),
            services.GetService<LlmPriceTable>() ?? new LlmPriceTable(llm.Prices), settings.ApiKey, clock,
            loggers.CreateLogger<AccountingEmbeddingGenerator>());
    }

    /// <summary>vector.store: memory (default) or pgvector (its own connection string, else the PostgreSQL application database).</summary>
    private static IVectorStore BuildVectorStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<VectorOptions>>().Value;
        if (options.Store != "pgvector")
        {
            return ActivatorUtilities.CreateInstance<MemoryVectorStore>(services);
        }
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var connectionString = options.Pgvector.ConnectionString is { Length: > 0 } own ? own
            : database.IsPostgres ? database.ConnectionString
            : throw new InvalidOperationException("vector.store is pgvector: set vector.pgvector.connection_string or use a PostgreSQL database.");
        return new PgVectorStore(connectionString!, options.Pgvector, services.GetRequiredService<EmbeddingService>(),
            services.GetRequiredService<ILogger<PgVectorStore>>());
    }
}
