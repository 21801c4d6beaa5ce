namespace SalesMate.Api.Middleware;

/// <summary>Route classes with limits of their own, matched by path so routes added later fall into them.</summary>
public static class RouteClasses
{
    public const string Chat = "chat";
    public const string Voice = "voice";
    public const string Auth = "auth";
    public const string Contribute = "contribute";

    private static readonly string[] AuthPrefixes = ["/api/v1/auth", "/api/v1/otp", "/api/v1/privacy"];
    private static readonly string[] VoicePrefixes = ["/api/v1/voice", "/v1/audio"];

    public static string? Of(string method, PathString route)
    {
        if (HttpMethods.IsOptions(method))
        {
            return null; // CORS preflights
        }
        if (VoicePrefixes.Any(prefix => route.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return Voice;
        }
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return null; // reading history or /auth/me, and SSE reconnects, make no model call and guess no secret
        }
        if (AuthPrefixes.Any(prefix => route.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return Auth;
        }
        if (HttpMethods.IsPost(method) && (route.Value ?? "").TrimEnd('/').Equals("/api/v1/contributions", StringComparison.OrdinalIgnoreCase))
        {
            return Contribute; // knowledge submissions: reviewed by people, so few per caller
        }
        return HttpMethods.IsPost(method) && IsAnswerRoute(route.Value ?? "") ? Chat : null;
    }

    /// <summary>The routes that make the assistant answer: POST /api/v1/chat/message, /api/v1/chat/{id}/stream, /api/v1/streams, /v1/chat/completions.</summary>
    private static bool IsAnswerRoute(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Equals("/api/v1/chat/message", StringComparison.OrdinalIgnoreCase)
               || trimmed.Equals("/api/v1/streams", StringComparison.OrdinalIgnoreCase)
               || trimmed.Equals("/v1/chat/completions", StringComparison.OrdinalIgnoreCase)
               || (trimmed.StartsWith("/api/v1/chat/", StringComparison.OrdinalIgnoreCase)
                   && trimmed.EndsWith("/stream", StringComparison.OrdinalIgnoreCase) && trimmed.Count(c => c == '/') == 5);
    }
}
