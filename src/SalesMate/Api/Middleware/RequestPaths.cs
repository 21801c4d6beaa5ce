namespace SalesMate.Api.Middleware;

/// <summary>Path tests shared by the rate limiter and the security headers.</summary>
internal static class RequestPaths
{
    private static readonly string[] ApiPrefixes = ["/api", "/v1", "/events", "/health", "/openapi"];

    /// <summary>
    /// The route without a leading <c>/t/{tenant}</c> and <c>/a/{agent}</c>, so rules match a route however its tenant and
    /// agent are chosen.
    /// </summary>
    public static PathString Route(PathString path)
    {
        var value = path.Value ?? "";
        while (value.Length > 3 && value[0] == '/' && value[1] is 't' or 'a' && value[2] == '/')
        {
            var next = value.IndexOf('/', 3);
            if (next < 0)
            {
                return PathString.Empty;
            }
            value = value[next..];
        }
        return new PathString(value);
    }

    public static bool IsHealth(PathString route) => route.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>Routes whose answers are data for one caller, never to be stored by a cache.</summary>
    public static bool IsApi(PathString route) =>
        ApiPrefixes.Any(prefix => route.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
