using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice;

/// <summary>OpenAI TTS: <c>POST /v1/audio/speech</c> JSON {model, input, voice, response_format: wav}, the audio bytes back.</summary>
public sealed class OpenAiTextToSpeech(HttpClient http, IOptions<VoiceOptions> options) : ITextToSpeech
{
    public string Name => VoiceProviders.OpenAi;
    public string Model => options.Value.Tts.Model ?? "tts-1";
    public string ContentType => "audio/wav";

    public async Task<SpeechAudio> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        var tts = options.Value.Tts;
        // espeak voice names (the default) mean nothing to OpenAI.
        var voice = tts.Voice.Contains('+') || tts.Voice.StartsWith("en-", StringComparison.Ordinal) ? "alloy" : tts.Voice;
        using var request = new HttpRequestMessage(HttpMethod.Post, HostedVoiceApi.OpenAiUrl(tts.BaseUrl, "/audio/speech"))
        {
            Content = JsonContent.Create(new { model = Model, input = text, voice, response_format = "wav" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tts.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(tts.TimeoutSeconds));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await HostedVoiceApi.EnsureSuccessAsync(response, "OpenAI speech", "tts_failed", cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        if (WavInfo.Read(bytes) is { } info)
        {
            return new SpeechAudio(WavFile.WithSizes(bytes, info), ContentType, info.DurationMs);
        }
        throw new VoiceProviderException("tts_failed", "OpenAI speech returned audio that is not WAV.");
    }
}
