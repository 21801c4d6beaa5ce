using SalesMate.Repositories;
using SalesMate.Services.Rag.Ingestion.Parsers;

namespace SalesMate.Services.Rag.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Parsers, chunking, upload checks and storage, the queue: shared by the web app and the CLI.</summary>
    public static IServiceCollection AddKnowledgeIngestion(this IServiceCollection services)
    {
        services.AddSingleton<IDocumentParser, PdfParser>();
        services.AddSingleton<IDocumentParser, DocxParser>();
        services.AddSingleton<IDocumentParser, TextParser>();
        services.AddSingleton<IDocumentParser, MarkdownParser>();
        services.AddSingleton<IDocumentParser, HtmlParser>();
        services.AddSingleton<IDocumentParser, CsvParser>();
        services.AddSingleton<DocumentParsing>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<IngestionQueue>();
        services.AddScoped<DocumentIngestor>();
        services.AddScoped<KnowledgeUploads>();
        services.AddScoped<KnowledgeDocumentService>();
        services.AddScoped<KnowledgeDocumentRepository>();
        services.AddScoped<ForegroundIngestion>();
        services.AddScoped<DemoDocuments>();
        return services;
    }

    /// <summary>The background worker that drains the queue; the web app runs it, CLI commands ingest in the foreground.</summary>
    public static IServiceCollection AddKnowledgeIngestionWorker(this IServiceCollection services)
    {
        services.AddHostedService<IngestionWorker>();
        return services;
    }
}
