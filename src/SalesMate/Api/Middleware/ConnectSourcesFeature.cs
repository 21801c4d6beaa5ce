namespace SalesMate.Api.Middleware;

/// <summary>
/// Origins a page may also connect to (CSP connect-src besides 'self'), set by the page for its own response: the voice
/// page with a HeyGen avatar calls HeyGen's API from the browser and LiveKit over wss.
/// </summary>
public sealed record ConnectSourcesFeature(IReadOnlyList<string> Sources);
