using Microsoft.AspNetCore.Http.Features;
using SalesMate.Core;

namespace SalesMate.Api;

/// <summary>Reads a multipart/form-data body with a route's own limits; a body that is not valid multipart is a 400 naming the field.</summary>
public static class MultipartForms
{
    public static async Task<IFormCollection> ReadAsync(HttpContext http, FormOptions options, string field, CancellationToken cancellationToken)
    {
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, options));
        try
        {
            return await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new RequestValidationException(field, $"The multipart body could not be read: {ex.Message}");
        }
        // The multipart reader throws a plain IOException when the body ends before the closing boundary.
        // BadHttpRequestException is an IOException too (Kestrel's body size limit, a 413): it keeps its own answer.
        catch (IOException ex) when (ex is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new RequestValidationException(field,
                "The multipart body could not be read: it ends before the closing boundary (was the upload cut short?).");
        }
    }
}
