using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice;

/// <summary>
/// ElevenLabs streaming TTS: <c>POST /v1/text-to-speech/{voice_id}/stream?output_format=mp3_44100_128</c> with the
/// <c>xi-api-key</c> header and JSON {text, model_id}; the MP3 arrives chunked and is read to the end of the sentence.
/// </summary>
public sealed class ElevenLabsTextToSpeech(HttpClient http, IOptions<VoiceOptions> options) : ITextToSpeech
{
    public string Name => VoiceProviders.ElevenLabs;
    public string Model => options.Value.Tts.Model ?? "eleven_flash_v2_5";
    public string ContentType => "audio/mpeg";

    public async Task<SpeechAudio> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        var tts = options.Value.Tts;
        var root = (tts.BaseUrl is { Length: > 0 } ? tts.BaseUrl : "https://api.elevenlabs.io").TrimEnd('/');
        var url = $"{root}/v1/text-to-speech/{Uri.EscapeDataString(tts.VoiceId ?? "")}/stream?output_format=mp3_44100_128";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { text, model_id = Model }),
        };
        request.Headers.Add("xi-api-key", tts.ApiKey);
        request.Headers.Accept.ParseAdd("audio/mpeg");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(tts.TimeoutSeconds));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await HostedVoiceApi.EnsureSuccessAsync(response, "ElevenLabs", "tts_failed", cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        if (bytes.Length == 0)
        {
            throw new VoiceProviderException("tts_failed", "ElevenLabs returned no audio.");
        }
        return new SpeechAudio(bytes, ContentType, WavFile.EstimateSpeechMs(text));
    }
}
