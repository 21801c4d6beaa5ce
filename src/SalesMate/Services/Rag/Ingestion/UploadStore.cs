using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Originals of uploaded documents under rag.upload_dir, as "{tenant id}/{random id}.{format}": the client's file name
/// never reaches a path, so names like "../../etc/passwd" or "CON.txt" mean nothing here.
/// </summary>
public sealed class UploadStore(IOptions<IngestionOptions> options)
{
    public string Root => Path.GetFullPath(options.Value.UploadDir);

    /// <summary>Copies the content to a new stored file and returns its name relative to the upload folder.</summary>
    public async Task<string> SaveAsync(Guid tenantId, string format, Stream content, CancellationToken cancellationToken)
    {
        var storedName = $"{tenantId:D}/{Guid.NewGuid():N}.{format}";
        var path = PathOf(storedName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, cancellationToken);
        return storedName;
    }

    /// <summary>The full path of a stored name; refuses anything that would leave the upload folder.</summary>
    public string PathOf(string storedName)
    {
        var root = Root;
        var path = Path.GetFullPath(Path.Combine(root, storedName));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A stored document name points outside the upload folder.");
        }
        return path;
    }

    public bool Exists(string storedName) => File.Exists(PathOf(storedName));

    public void Delete(string? storedName)
    {
        if (storedName is not null && File.Exists(PathOf(storedName)))
        {
            File.Delete(PathOf(storedName));
        }
    }
}
