using System.Buffers.Binary;
using System.IO.Compression;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>
/// Checks a DOCX (a ZIP archive) before the Open XML SDK reads any part: the entry count from the end-of-central-
/// directory record (before the directory is even loaded), entry names (no "../", no absolute paths: zip slip), the
/// declared uncompressed sizes, and then the real decompressed size of every entry, counted while streaming and
/// stopped at the cap - declared sizes can lie (zip bombs).
/// </summary>
public static class DocxArchiveGuard
{
    private const uint EndOfCentralDirectory = 0x06054b50;

    public static void Check(Stream archive, long maxUncompressedBytes, int maxEntries)
    {
        var entries = DeclaredEntryCount(archive);
        if (entries > maxEntries)
        {
            throw new DocumentParseException($"The DOCX archive has {entries:N0} entries; at most {maxEntries:N0} are accepted (rag.docx_max_entries).");
        }
        archive.Position = 0;
        using var zip = OpenZip(archive);
        long declared = 0;
        foreach (var entry in zip.Entries)
        {
            if (IsUnsafeName(entry.FullName))
            {
                throw new DocumentParseException($"The DOCX archive contains an unsafe entry name ('{Shorten(entry.FullName)}'); the file was refused.");
            }
            declared += entry.Length;
            if (declared > maxUncompressedBytes)
            {
                throw TooLarge(maxUncompressedBytes);
            }
        }
        var buffer = new byte[81920];
        long actual = 0;
        foreach (var entry in zip.Entries)
        {
            using var content = entry.Open();
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                actual += read;
                if (actual > maxUncompressedBytes)
                {
                    throw TooLarge(maxUncompressedBytes);
                }
            }
        }
        archive.Position = 0;
    }

    public static bool IsUnsafeName(string name) =>
        name.StartsWith('/') || name.StartsWith('\\') || (name.Length >= 2 && name[1] == ':')
        || name.Split('/', '\\').Any(segment => segment == "..");

    private static ZipArchive OpenZip(Stream archive)
    {
        try
        {
            return new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new DocumentParseException("The DOCX file is not a valid ZIP archive (damaged or not a Word document).");
        }
    }

    /// <summary>Reads the total entry count from the end-of-central-directory record at the end of the file.</summary>
    private static long DeclaredEntryCount(Stream archive)
    {
        var tailLength = (int)Math.Min(archive.Length, 22 + ushort.MaxValue);
        var tail = new byte[tailLength];
        archive.Position = archive.Length - tailLength;
        archive.ReadExactly(tail);
        for (var i = tailLength - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectory)
            {
                var total = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
                if (total == ushort.MaxValue)
                {
                    throw new DocumentParseException("The DOCX archive uses ZIP64 (more than 65,535 entries or over 4 GB), which Word documents never need; the file was refused.");
                }
                return total;
            }
        }
        throw new DocumentParseException("The DOCX file is not a valid ZIP archive (no end-of-central-directory record).");
    }

    private static DocumentParseException TooLarge(long max) =>
        new($"The DOCX archive expands to more than {max / (1024 * 1024):N0} MB (rag.docx_max_uncompressed_mb); it looks like a zip bomb and was refused.");

    private static string Shorten(string name) => name.Length > 80 ? name[..80] + "..." : name;
}
