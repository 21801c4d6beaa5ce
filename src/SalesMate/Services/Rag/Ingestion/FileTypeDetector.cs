using System.IO.Compression;
using System.Text.Unicode;
using SalesMate.Core;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Decides an upload's format from its extension AND its first bytes: both must agree, so a renamed executable or a
/// PDF named .docx is refused before anything is stored or parsed.
/// </summary>
public static class FileTypeDetector
{
    public const int HeadBytes = 8192;

    private static readonly (string Name, byte[] Magic)[] BinarySignatures =
    [
        ("a Windows executable", "MZ"u8.ToArray()),
        ("a Linux executable (ELF)", [0x7F, (byte)'E', (byte)'L', (byte)'F']),
        ("a macOS executable (Mach-O)", [0xCF, 0xFA, 0xED, 0xFE]),
        ("a macOS executable (Mach-O)", [0xCE, 0xFA, 0xED, 0xFE]),
        ("a Java class or macOS universal binary", [0xCA, 0xFE, 0xBA, 0xBE]),
        ("a PDF", "%PDF-"u8.ToArray()),
        ("a ZIP archive", [(byte)'P', (byte)'K', 0x03, 0x04]),
        ("a gzip archive", [0x1F, 0x8B]),
        ("a RAR archive", "Rar!"u8.ToArray()),
        ("a 7-Zip archive", [(byte)'7', (byte)'z', 0xBC, 0xAF]),
        ("an old Office document (.doc/.xls)", [0xD0, 0xCF, 0x11, 0xE0]),
        ("a PNG image", [0x89, (byte)'P', (byte)'N', (byte)'G']),
        ("a JPEG image", [0xFF, 0xD8, 0xFF]),
        ("a GIF image", "GIF8"u8.ToArray()),
        ("a WebAssembly module", [0x00, (byte)'a', (byte)'s', (byte)'m']),
    ];

    /// <summary>The format of a file, or an <see cref="UnsupportedMediaTypeException"/> naming what is wrong.</summary>
    /// <param name="openArchive">Opens the whole file; used only to look inside a ZIP for a Word document.</param>
    public static string Detect(string fileName, ReadOnlySpan<byte> head, Func<Stream>? openArchive = null, string field = "files")
    {
        var extension = Path.GetExtension(fileName);
        if (!DocumentFormats.ByExtension.TryGetValue(extension, out var format))
        {
            throw new UnsupportedMediaTypeException(field,
                $"{fileName}: '{(extension.Length == 0 ? "(no extension)" : extension)}' files are not accepted; use one of {DocumentFormats.AcceptedExtensions}.");
        }
        var (actual, magicLength) = Sniff(head);
        // Two- and three-byte signatures ("MZ") can start ordinary text; real executables and images contain NUL bytes.
        var isText = IsText(head) && (actual is null || magicLength < 4);
        switch (format)
        {
            case DocumentFormats.Pdf when IsPdf(head):
                return format;
            case DocumentFormats.Docx when actual == "a ZIP archive":
                if (openArchive is not null && !IsWordArchive(openArchive))
                {
                    throw new UnsupportedMediaTypeException(field, $"{fileName}: the file is a ZIP archive but not a Word document (no word/document.xml).");
                }
                return format;
            case DocumentFormats.Text or DocumentFormats.Markdown or DocumentFormats.Html or DocumentFormats.Csv when isText:
                return format;
        }
        var found = actual ?? (IsPdf(head) ? "a PDF" : "binary data");
        throw new UnsupportedMediaTypeException(field,
            $"{fileName}: the name says {DocumentFormats.Describe(format)} but the content is {found}; the file was refused.");
    }

    private static (string? Name, int Length) Sniff(ReadOnlySpan<byte> head)
    {
        foreach (var (name, magic) in BinarySignatures)
        {
            if (head.StartsWith(magic))
            {
                return (name, magic.Length);
            }
        }
        return (null, 0);
    }

    /// <summary>The PDF header may follow a little junk (the spec allows it within the first 1024 bytes).</summary>
    private static bool IsPdf(ReadOnlySpan<byte> head) => head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    /// <summary>Text has no NUL bytes and decodes as UTF-8 (a multi-byte character cut by the sample's end is fine).</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }
        var sample = head;
        for (var cut = 0; cut < 4 && sample.Length > 0; cut++)
        {
            if (Utf8.IsValid(sample))
            {
                return true;
            }
            sample = sample[..^1];
        }
        // Not UTF-8: accept single-byte text (Windows-1252/Latin-1) when almost every byte is printable.
        var printable = 0;
        foreach (var b in head)
        {
            printable += b is >= 0x20 or (byte)'\n' or (byte)'\r' or (byte)'\t' ? 1 : 0;
        }
        return printable >= head.Length * 0.98;
    }

    private static bool IsWordArchive(Func<Stream> open)
    {
        try
        {
            using var stream = open();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
