namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The HTTP version of requests to the provider (<c>llm.http_version</c>). The OpenAI SDK builds its own request
/// messages (HTTP/1.1 by default), so the version is set by a handler in front of the socket handler.
/// </summary>
public static class ProviderHttpVersion
{
    /// <summary>The version and policy for <paramref name="setting"/> and the base URL's scheme; null keeps HTTP/1.1.</summary>
    public static (Version Version, HttpVersionPolicy Policy)? For(string setting, Uri baseUrl) => (setting, baseUrl.Scheme) switch
    {
        ("2", _) => (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact),
        ("auto", "https") => (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower),
        _ => null,
    };

    public static HttpMessageHandler Handler(LlmProviderSettings settings, HttpMessageHandler inner) =>
        For(settings.HttpVersion, settings.BaseUrl) is { } version ? new VersionHandler(version.Version, version.Policy, inner) : inner;

    private sealed class VersionHandler(Version version, HttpVersionPolicy policy, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = version;
            request.VersionPolicy = policy;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
