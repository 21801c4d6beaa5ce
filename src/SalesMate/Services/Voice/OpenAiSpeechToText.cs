using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice;

/// <summary>OpenAI Whisper (or any OpenAI-compatible server): <c>POST /v1/audio/transcriptions</c>, multipart file + model, JSON <c>{"text"}</c>.</summary>
public sealed class OpenAiSpeechToText(HttpClient http, IOptions<VoiceOptions> options) : ISpeechToText
{
    public string Name => VoiceProviders.OpenAi;
    public string Model => options.Value.Stt.Model;

    public async Task<string> TranscribeAsync(PcmAudio audio, CancellationToken cancellationToken)
    {
        var stt = options.Value.Stt;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio.Wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "utterance.wav");
        form.Add(new StringContent(stt.Model), "model");
        form.Add(new StringContent(stt.Language), "language");
        form.Add(new StringContent("json"), "response_format");
        using var request = new HttpRequestMessage(HttpMethod.Post, HostedVoiceApi.OpenAiUrl(stt.BaseUrl, "/audio/transcriptions")) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stt.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(stt.TimeoutSeconds));
        using var response = await http.SendAsync(request, timeout.Token);
        await HostedVoiceApi.EnsureSuccessAsync(response, "OpenAI transcription", "stt_failed", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(timeout.Token));
        return json.RootElement.TryGetProperty("text", out var text) ? text.GetString()?.Trim() ?? "" : "";
    }
}
