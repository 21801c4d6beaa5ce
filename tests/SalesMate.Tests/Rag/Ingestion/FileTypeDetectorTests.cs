using System.Text;
using SalesMate.Core;
using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>Extension and content must agree before a file is stored.</summary>
public sealed class FileTypeDetectorTests
{
    private static string Detect(string name, byte[] content) =>
        FileTypeDetector.Detect(name, content.AsSpan(0, Math.Min(content.Length, FileTypeDetector.HeadBytes)), () => new MemoryStream(content));

    [Fact]
    public void Each_accepted_format_is_recognised()
    {
        Detect("policy.pdf", TestDocuments.WarrantyPdf()).Should().Be("pdf");
        Detect("policy.docx", TestDocuments.WarrantyDocx()).Should().Be("docx");
        Detect("notes.txt", Encoding.UTF8.GetBytes(TestDocuments.Text)).Should().Be("txt");
        Detect("guide.md", Encoding.UTF8.GetBytes(TestDocuments.Markdown)).Should().Be("md");
        Detect("page.HTM", Encoding.UTF8.GetBytes(TestDocuments.Html)).Should().Be("html");
        Detect("models.csv", Encoding.UTF8.GetBytes(TestDocuments.Csv)).Should().Be("csv");
        Detect("mz.txt", Encoding.UTF8.GetBytes("MZ Motors opens at nine.")).Should().Be("txt", "text that merely starts with MZ is still text");
    }

    [Theory]
    [InlineData("manual.pdf", "the name says PDF but the content is a Windows executable")]
    [InlineData("manual.docx", "the name says Word (DOCX) but the content is a Windows executable")]
    [InlineData("manual.txt", "the name says plain text but the content is a Windows executable")]
    public void A_renamed_executable_is_refused(string name, string reason)
    {
        var act = () => Detect(name, TestDocuments.WindowsExecutable());

        act.Should().Throw<UnsupportedMediaTypeException>().WithMessage($"{name}: {reason}*");
    }

    [Fact]
    public void A_pdf_named_docx_is_refused()
    {
        var act = () => Detect("policy.docx", TestDocuments.WarrantyPdf());

        act.Should().Throw<UnsupportedMediaTypeException>().WithMessage("policy.docx: the name says Word (DOCX) but the content is a PDF*");
    }

    [Fact]
    public void A_zip_that_is_not_a_word_document_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/workbook.xml").Open();
            entry.Write("<workbook/>"u8);
        }

        var act = () => Detect("sheet.docx", stream.ToArray());

        act.Should().Throw<UnsupportedMediaTypeException>().WithMessage("*ZIP archive but not a Word document*");
    }

    [Theory]
    [InlineData("setup.exe")]
    [InlineData("archive.zip")]
    [InlineData("README")]
    public void Other_extensions_are_refused_naming_the_accepted_ones(string name)
    {
        var act = () => Detect(name, Encoding.UTF8.GetBytes("hello"));

        act.Should().Throw<UnsupportedMediaTypeException>().WithMessage("*files are not accepted; use one of .pdf, .docx*");
    }
}
