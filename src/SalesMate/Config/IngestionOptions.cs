using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// Section <c>rag</c>, the ingestion settings: upload limits, where originals are kept, parsing caps and chunking
/// (seed 003: 500-token chunks with 50 tokens of overlap). Retrieval settings of the same section live elsewhere.
/// </summary>
public sealed class IngestionOptions
{
    public const string Section = "rag";

    /// <summary>Largest accepted file, in MB (one file of an upload).</summary>
    [ConfigurationKeyName("max_upload_mb")]
    public int MaxUploadMb { get; set; } = 25;

    [ConfigurationKeyName("max_files_per_upload")]
    public int MaxFilesPerUpload { get; set; } = 10;

    /// <summary>Originals are stored here under {tenant id}/{generated name}; never under the client's file name.</summary>
    [ConfigurationKeyName("upload_dir")]
    public string UploadDir { get; set; } = "var/uploads";

    [ConfigurationKeyName("chunk_tokens")]
    public int ChunkTokens { get; set; } = 500;

    [ConfigurationKeyName("chunk_overlap")]
    public int ChunkOverlap { get; set; } = 50;

    /// <summary>Longest one document may take to parse; then it fails and the worker moves on.</summary>
    [ConfigurationKeyName("parse_timeout_seconds")]
    public int ParseTimeoutSeconds { get; set; } = 120;

    /// <summary>Most text one document may produce (characters); more is refused rather than stored.</summary>
    [ConfigurationKeyName("max_extracted_chars")]
    public int MaxExtractedChars { get; set; } = 20_000_000;

    /// <summary>Address-space cap of the pdftotext child process, in MB.</summary>
    [ConfigurationKeyName("pdf_memory_mb")]
    public int PdfMemoryMb { get; set; } = 1024;

    /// <summary>DOCX (a ZIP archive): total uncompressed size, in MB, checked before any part is read.</summary>
    [ConfigurationKeyName("docx_max_uncompressed_mb")]
    public int DocxMaxUncompressedMb { get; set; } = 200;

    [ConfigurationKeyName("docx_max_entries")]
    public int DocxMaxEntries { get; set; } = 2000;

    /// <summary>Documents parsed at once by the background queue.</summary>
    [ConfigurationKeyName("ingest_workers")]
    public int IngestWorkers { get; set; } = 1;

    /// <summary>pdftotext executable (poppler-utils); a bare name is looked up on PATH.</summary>
    [ConfigurationKeyName("pdftotext_path")]
    public string PdfToTextPath { get; set; } = "pdftotext";

    /// <summary>
    /// Where the crawler's User-Agent points site owners ("SalesMateBot/1.0 (+this url)"): set it to a page of yours that
    /// says who crawls and how to reach you.
    /// </summary>
    [ConfigurationKeyName("crawler_info_url")]
    public string CrawlerInfoUrl { get; set; } = "https://example.com/salesmatebot";

    public long MaxUploadBytes => MaxUploadMb * 1024L * 1024L;

    public long DocxMaxUncompressedBytes => DocxMaxUncompressedMb * 1024L * 1024L;

    public string CrawlerUserAgent => $"SalesMateBot/1.0 (+{CrawlerInfoUrl})";

    internal IEnumerable<string> Validate()
    {
        if (MaxUploadMb is < 1 or > 1024)
        {
            yield return $"rag.max_upload_mb must be between 1 and 1024; got {MaxUploadMb}.";
        }
        if (MaxFilesPerUpload is < 1 or > 100)
        {
            yield return $"rag.max_files_per_upload must be between 1 and 100; got {MaxFilesPerUpload}.";
        }
        if (string.IsNullOrWhiteSpace(UploadDir))
        {
            yield return "rag.upload_dir must name a folder.";
        }
        if (ChunkTokens is < 50 or > 8000)
        {
            yield return $"rag.chunk_tokens must be between 50 and 8000; got {ChunkTokens}.";
        }
        if (ChunkOverlap < 0 || ChunkOverlap >= ChunkTokens / 2)
        {
            yield return $"rag.chunk_overlap must be 0 or more and less than half of rag.chunk_tokens ({ChunkTokens}); got {ChunkOverlap}.";
        }
        if (ParseTimeoutSeconds is < 1 or > 3600)
        {
            yield return $"rag.parse_timeout_seconds must be between 1 and 3600; got {ParseTimeoutSeconds}.";
        }
        if (MaxExtractedChars is < 10_000 or > 500_000_000)
        {
            yield return $"rag.max_extracted_chars must be between 10000 and 500000000; got {MaxExtractedChars}.";
        }
        if (PdfMemoryMb is < 64 or > 65536)
        {
            yield return $"rag.pdf_memory_mb must be between 64 and 65536; got {PdfMemoryMb}.";
        }
        if (DocxMaxUncompressedMb is < 1 or > 4096)
        {
            yield return $"rag.docx_max_uncompressed_mb must be between 1 and 4096; got {DocxMaxUncompressedMb}.";
        }
        if (DocxMaxEntries is < 10 or > 100_000)
        {
            yield return $"rag.docx_max_entries must be between 10 and 100000; got {DocxMaxEntries}.";
        }
        if (IngestWorkers is < 1 or > 32)
        {
            yield return $"rag.ingest_workers must be between 1 and 32; got {IngestWorkers}.";
        }
        if (string.IsNullOrWhiteSpace(PdfToTextPath))
        {
            yield return "rag.pdftotext_path must name the pdftotext executable.";
        }
        if (!Uri.TryCreate(CrawlerInfoUrl, UriKind.Absolute, out var info) || info.Scheme is not ("http" or "https"))
        {
            yield return $"rag.crawler_info_url must be an http(s) URL; got '{CrawlerInfoUrl}'.";
        }
    }
}
