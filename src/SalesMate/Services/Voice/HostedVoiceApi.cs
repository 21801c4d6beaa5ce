using System.Net;

namespace SalesMate.Services.Voice;

/// <summary>URL and error handling shared by the hosted voice adapters. Errors never quote the key.</summary>
internal static class HostedVoiceApi
{
    /// <summary>OpenAI-compatible base URLs are given with or without their /v1.</summary>
    public static Uri OpenAiUrl(string? baseUrl, string path)
    {
        var root = (baseUrl is { Length: > 0 } ? baseUrl : "https://api.openai.com/v1").TrimEnd('/');
        if (!root.EndsWith("/v1", StringComparison.Ordinal))
        {
            root += "/v1";
        }
        return new Uri(root + path);
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string provider, string code, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = body.Length > 300 ? body[..300] : body;
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check the API key)" : "";
        throw new VoiceProviderException(code, $"{provider} answered {(int)response.StatusCode}{hint}: {detail}");
    }
}
