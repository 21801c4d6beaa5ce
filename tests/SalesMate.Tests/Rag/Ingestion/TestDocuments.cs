using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>Real files of every accepted format, and hostile ones, written the way their producers write them.</summary>
internal static class TestDocuments
{
    static TestDocuments() => DejaVuFontResolver.Install();

    /// <summary>A PDF with one page per entry; each page's paragraphs are drawn wrapped, a blank line apart.</summary>
    public static byte[] Pdf(IReadOnlyList<IReadOnlyList<string>> pages, string? userPassword = null)
    {
        using var document = new PdfDocument();
        var font = new XFont("DejaVu Sans", 10);
        foreach (var paragraphs in pages)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            var y = 60.0;
            foreach (var paragraph in paragraphs)
            {
                foreach (var line in Wrap(paragraph, 85))
                {
                    graphics.DrawString(line, font, XBrushes.Black, new XPoint(50, y));
                    y += 14;
                }
                y += 14;
            }
        }
        if (userPassword is not null)
        {
            document.SecuritySettings.UserPassword = userPassword;
            document.SecuritySettings.OwnerPassword = userPassword + "-owner";
        }
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    /// <summary>A warranty policy of three pages, each with its own heading, as the "done when" describes.</summary>
    public static byte[] WarrantyPdf() => Pdf([
        ["Warranty Policy", "This policy explains what our store covers after you buy a product from us."],
        ["Laptops", "All laptops come with a two-year warranty covering hardware defects. Batteries are covered for one year."],
        ["Phones", "Phones carry a one-year limited warranty. Screen cracks from drops are not covered."],
    ]);

    public static byte[] Docx(Action<Body> build, string? title = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                ParagraphStyle("Title", "Title"),
                ParagraphStyle("Heading1", "heading 1"),
                ParagraphStyle("Heading2", "heading 2"),
                ParagraphStyle("ListParagraph", "List Paragraph"));
            var body = new Body();
            build(body);
            main.Document = new Document(body);
            if (title is not null)
            {
                document.PackageProperties.Title = title;
            }
        }
        return stream.ToArray();
    }

    /// <summary>Heading 1 "Warranty", heading 2 "Laptops" with a paragraph, a two-item list and a table with a header row.</summary>
    public static byte[] WarrantyDocx() => Docx(body => body.Append(
        StyledParagraph("Warranty", "Heading1"),
        StyledParagraph("Laptops", "Heading2"),
        StyledParagraph("Every laptop has a two-year warranty on parts and labour.", null),
        ListItem("Batteries are covered for one year."),
        ListItem("Accidental damage needs the protection plan."),
        new Table(
            Row("Model", "Warranty"),
            Row("ZenBook 14", "24 months"),
            Row("Swift Go", "36 months"))), "Warranty handbook");

    public static Paragraph StyledParagraph(string text, string? style)
    {
        var paragraph = new Paragraph(new Run(new Text(text)));
        if (style is not null)
        {
            paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }
        return paragraph;
    }

    public static Paragraph ListItem(string text) => new(
        new ParagraphProperties(new ParagraphStyleId { Val = "ListParagraph" },
            new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })),
        new Run(new Text(text)));

    private static TableRow Row(params string[] cells) => new(cells.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))));

    private static Style ParagraphStyle(string id, string name) =>
        new(new StyleName { Val = name }) { StyleId = id, Type = StyleValues.Paragraph };

    /// <summary>A valid DOCX plus one entry of zeros that expands to <paramref name="expandedBytes"/> (about 1000:1).</summary>
    public static byte[] ZipBombDocx(long expandedBytes) => WithExtraEntry("word/media/padding.bin", entry =>
    {
        var zeros = new byte[1 << 20];
        for (long written = 0; written < expandedBytes; written += zeros.Length)
        {
            entry.Write(zeros, 0, (int)Math.Min(zeros.Length, expandedBytes - written));
        }
    });

    /// <summary>A valid DOCX with an entry named "../../evil.sh" (zip slip).</summary>
    public static byte[] ZipSlipDocx() => WithExtraEntry("../../evil.sh", entry => entry.Write("#!/bin/sh\necho owned\n"u8));

    private static byte[] WithExtraEntry(string name, Action<Stream> write)
    {
        var stream = new MemoryStream();
        stream.Write(WarrantyDocx());
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
            write(entry);
        }
        return stream.ToArray();
    }

    /// <summary>The start of a Windows executable: "MZ", a DOS stub pointer and a PE header, with the NUL bytes real ones have.</summary>
    public static byte[] WindowsExecutable()
    {
        var bytes = new byte[4096];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        bytes[0x3C] = 0x80;
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        return bytes;
    }

    public const string Html = """
        <!doctype html>
        <html><head><title>Store help: returns</title><style>.x { color: red }</style>
        <script>window.tracker = "SECRET-TRACKING-SCRIPT";</script></head>
        <body>
          <header><a href="/">Home</a> <span>HEADER-BANNER-TEXT</span></header>
          <nav><ul><li><a href="/a">NAV-LINK-ONE</a></li><li><a href="/b">NAV-LINK-TWO</a></li></ul></nav>
          <main>
            <h1>Returns</h1>
            <p>You can return unopened items within <strong>30 days</strong> for a full refund.</p>
            <h2>Opened items</h2>
            <ul><li>Opened electronics: 14 days.</li><li>Opened cameras pay a 15% restocking fee.</li></ul>
            <table><tr><th>Item</th><th>Window</th></tr><tr><td>Laptop</td><td>14 days</td></tr></table>
            <form><input name="q"><button>FORM-BUTTON-TEXT</button></form>
            <script>document.write("INLINE-SCRIPT-TEXT")</script>
          </main>
          <aside>ASIDE-PROMO-TEXT</aside>
          <footer>FOOTER-COPYRIGHT-TEXT</footer>
        </body></html>
        """;

    public const string Markdown = """
        # Delivery guide

        We deliver to every address in the country.

        ## Express delivery

        - Orders before noon arrive the next day.
        - Express costs $9.99.
          - Free for members.

        | Zone | Days |
        |------|------|
        | City | 1 |
        | Rural | 3 |

        ```
        tracking: see your account page
        ```
        """;

    public const string Csv = "Model,Warranty,Notes\nZenBook 14,24 months,Battery one year\nSwift Go,36 months,\n";

    public const string Text = """
        STORE HOURS

        We are open Monday to Saturday from 9 am to 8 pm.
        On public holidays we close at 4 pm.

        - Sunday: closed
        - Holidays: 10 am to 4 pm
        """;

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = "";
            }
            line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0)
        {
            yield return line;
        }
    }
}

/// <summary>PDFsharp needs a font source on Linux: DejaVu Sans, which poppler-utils' fontconfig brings (test.sh installs it).</summary>
internal sealed class DejaVuFontResolver : IFontResolver
{
    private const string Folder = "/usr/share/fonts/truetype/dejavu";
    private static readonly object Gate = new();

    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                // PDFsharp 6.5 is AGPL-licensed and must be told so; it only writes test and benchmark files, the app never ships it.
                PdfSharp.PdfSharpLicense.SetAgplLicense();
                GlobalFontSettings.FontResolver = new DejaVuFontResolver();
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[] GetFont(string faceName) => File.ReadAllBytes(Path.Combine(Folder, faceName + ".ttf"));
}
