namespace SalesMate.Services.Rag.Ingestion;

/// <summary>The formats the knowledge base reads, and the file extensions that name each.</summary>
public static class DocumentFormats
{
    public const string Pdf = "pdf";
    public const string Docx = "docx";
    public const string Text = "txt";
    public const string Markdown = "md";
    public const string Html = "html";
    public const string Csv = "csv";

    public static readonly IReadOnlyDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = Pdf,
        [".docx"] = Docx,
        [".txt"] = Text,
        [".text"] = Text,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".html"] = Html,
        [".htm"] = Html,
        [".csv"] = Csv,
    };

    public static string Describe(string format) => format switch
    {
        Pdf => "PDF",
        Docx => "Word (DOCX)",
        Text => "plain text",
        Markdown => "Markdown",
        Html => "HTML",
        Csv => "CSV",
        _ => format,
    };

    public static string AcceptedExtensions => string.Join(", ", ByExtension.Keys);
}
