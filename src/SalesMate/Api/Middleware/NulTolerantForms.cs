using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace SalesMate.Api.Middleware;

/// <summary>
/// ASP.NET Core refuses a url-encoded form holding %00 as a whole: reading it throws, antiforgery and model binding see
/// no fields at all, and a page handler can neither say which field was wrong nor show back what was typed. Such a form
/// is read here once more, keeping the NUL characters, so the field rules refuse them like any other bad value
/// (<see cref="Services.Products.ProductEditRules"/>) and nothing reaches the database, which could not store them anyway.
/// </summary>
public sealed class NulTolerantForms(RequestDelegate next)
{
    /// <summary>Larger forms (none of the app's) are left to the framework: the body is read again as one string here.</summary>
    private const long MaxBodyBytes = 4L << 20;

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && IsUrlEncoded(request.ContentType)
            && request.ContentLength is > 0 and <= MaxBodyBytes)
        {
            request.EnableBuffering();
            try
            {
                await request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException ex) when (ex.InnerException is InvalidOperationException)
            {
                // "The form value contains invalid characters": the URL decoder's answer to %00.
                request.Body.Position = 0;
                using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
                var body = await reader.ReadToEndAsync(http.RequestAborted);
                request.Body.Position = 0;
                http.Features.Set<IFormFeature>(new FormFeature(new FormCollection(Parse(body))));
            }
        }
        await next(http);
    }

    private static bool IsUrlEncoded(string? contentType) =>
        contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Parse(string body)
    {
        var fields = new KeyValueAccumulator();
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            fields.Append(key, value);
        }
        return fields.GetResults();
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
