using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Avatar;

/// <summary>
/// What the voice page needs to start an avatar: the provider, its short-lived token and the API base URL the browser
/// SDK calls with it (configurable, so tests point it at a fake), or provider none.
/// </summary>
public sealed record AvatarSession(string Provider, string? Token, string? AvatarId, int? ExpiresInSeconds, string? BaseUrl = null);

public interface IAvatarProvider
{
    Task<AvatarSession> CreateSessionAsync(CancellationToken cancellationToken);
}

/// <summary>No avatar configured: the page shows its speaking indicator driven by the TTS audio.</summary>
public sealed class NoAvatarProvider : IAvatarProvider
{
    public Task<AvatarSession> CreateSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AvatarSession(VoiceProviders.None, null, null, null));
}

/// <summary>
/// HeyGen streaming avatar: <c>POST /v1/streaming.create_token</c> with the <c>x-api-key</c> header returns
/// <c>{"error": null, "data": {"token": "..."}}</c>, a short-lived token the browser SDK (StreamingAvatar) starts the
/// LiveAvatar session with, so the API key never reaches the browser.
/// </summary>
public sealed class HeyGenAvatarProvider(HttpClient http, IOptions<AvatarOptions> options) : IAvatarProvider
{
    public async Task<AvatarSession> CreateSessionAsync(CancellationToken cancellationToken)
    {
        var avatar = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{avatar.BaseUrl.TrimEnd('/')}/v1/streaming.create_token")
        {
            Content = JsonContent.Create(new { }),
        };
        request.Headers.Add("x-api-key", avatar.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(avatar.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new Core.AssistantUnavailableException("The avatar provider (HeyGen) could not be reached; the page can fall back to the speaking indicator.");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new Core.AssistantUnavailableException($"The avatar provider (HeyGen) refused the session ({(int)response.StatusCode}).");
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(timeout.Token));
            var token = json.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                        && data.TryGetProperty("token", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new Core.AssistantUnavailableException("The avatar provider (HeyGen) returned no session token.");
            }
            return new AvatarSession(VoiceProviders.HeyGen, token, avatar.AvatarId, 3600, avatar.BaseUrl.TrimEnd('/'));
        }
    }
}
