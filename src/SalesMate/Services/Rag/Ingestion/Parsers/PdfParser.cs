using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>
/// PDF text through poppler's <c>pdftotext</c>, run as a child process (so a hostile PDF can crash or exhaust only
/// that process): address space capped with <c>prlimit</c>, output capped, killed at the parse timeout. pdftotext ends
/// every page with a form feed, which keeps page numbers for citations.
/// </summary>
public sealed class PdfParser(IOptions<IngestionOptions> options) : IDocumentParser
{
    private const string Prlimit = "/usr/bin/prlimit";
    private const int MaxStderrChars = 4000;

    public string Format => DocumentFormats.Pdf;

    public async Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken)
    {
        var (text, errors, exitCode) = await RunPdfToTextAsync(path, output.MaxChars, cancellationToken);
        if (exitCode != 0)
        {
            throw new DocumentParseException(Explain(exitCode, errors.Replace(path, "(file)", StringComparison.Ordinal)));
        }
        var pages = text.Split('\f');
        var pageCount = pages.Length - (pages[^1].Trim().Length == 0 ? 1 : 0);
        var structure = new PlainTextStructure(output);
        for (var i = 0; i < pageCount; i++)
        {
            structure.Add(pages[i], i + 1);
        }
        if (output.Blocks.Count == 0 && pageCount > 0)
        {
            throw new DocumentParseException(
                $"The PDF has {pageCount} page(s) but no text layer (scanned images?). Text recognition (OCR) is not supported; upload a PDF with selectable text.");
        }
        return output.Finish(pageCount, null);
    }

    private async Task<(string Text, string Errors, int ExitCode)> RunPdfToTextAsync(string path, int maxChars, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (File.Exists(Prlimit))
        {
            start.FileName = Prlimit;
            start.ArgumentList.Add($"--as={settings.PdfMemoryMb * 1024L * 1024L}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(settings.PdfToTextPath);
        }
        else
        {
            start.FileName = settings.PdfToTextPath;
        }
        foreach (var argument in new[] { "-enc", "UTF-8", "-eol", "unix", path, "-" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            throw new DocumentParseException(
                "PDF text extraction needs poppler's pdftotext, which is not installed on the server (apt-get install poppler-utils, or set rag.pdftotext_path).");
        }
        using (process)
        {
            try
            {
                var stderr = ReadCappedAsync(process.StandardError, MaxStderrChars, cancellationToken);
                var stdout = await ReadCappedAsync(process.StandardOutput, maxChars, cancellationToken);
                if (stdout.Overflowed)
                {
                    throw new DocumentParseException(
                        $"The PDF produces more than {maxChars:N0} characters of text (rag.max_extracted_chars); split it into smaller files.");
                }
                await process.WaitForExitAsync(cancellationToken);
                return (stdout.Text, (await stderr).Text, process.ExitCode);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static async Task<(string Text, bool Overflowed)> ReadCappedAsync(StreamReader reader, int maxChars, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[16384];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length + read > maxChars)
            {
                return (text.ToString(), true);
            }
            text.Append(buffer, 0, read);
        }
        return (text.ToString(), false);
    }

    /// <summary>pdftotext's exit codes: 1 cannot open (includes wrong or missing password), 3 permissions, 99 other.</summary>
    private static string Explain(int exitCode, string errors)
    {
        if (errors.Contains("password", StringComparison.OrdinalIgnoreCase) || errors.Contains("encrypt", StringComparison.OrdinalIgnoreCase))
        {
            return "The PDF is encrypted (password-protected), so its text cannot be read. Upload a copy saved without a password.";
        }
        if (exitCode == 3 || errors.Contains("permission", StringComparison.OrdinalIgnoreCase))
        {
            return "The PDF's permissions do not allow copying its text. Upload a copy without restrictions.";
        }
        if (exitCode is 137 or -9 || errors.Contains("memory", StringComparison.OrdinalIgnoreCase) || errors.Contains("bad_alloc", StringComparison.Ordinal))
        {
            return "The PDF needs more memory to read than the server allows (rag.pdf_memory_mb).";
        }
        var firstLine = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => !l.StartsWith("Syntax Warning", StringComparison.Ordinal));
        return $"The PDF could not be read (pdftotext exit code {exitCode}){(firstLine is null ? "" : ": " + (firstLine.Length > 200 ? firstLine[..200] : firstLine))}. Check that the file opens in a PDF viewer.";
    }
}
