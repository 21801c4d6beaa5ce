using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMate.Tests.Voice;

/// <summary>
/// OpenAI audio (transcriptions, speech), ElevenLabs streaming TTS and HeyGen's streaming token endpoint on real Kestrel,
/// checking each request the way the real service would (auth header, multipart or JSON fields) before answering.
/// It also answers the browser side of HeyGen's streaming API as the SDK calls it (CORS, <c>Authorization: Bearer</c>
/// with the session token): <c>streaming.new</c> names a LiveKit URL nobody listens on, so the video never connects.
/// </summary>
public sealed class FakeVoiceServer : IAsyncDisposable
{
    public const string Key = "sk-voice-test";
    public const string HeyGenSessionToken = "heygen-session-token";
    public const string HeyGenSessionId = "fake-heygen-session";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private FakeVoiceServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<string> Requests => [.. _requests];
    public static byte[] SpeechWav { get; } = Wav(8000);

    public static async Task<FakeVoiceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeVoiceServer(app);
        app.Use(AllowBrowsersAsync);
        app.MapPost("/v1/audio/transcriptions", (Delegate)server.TranscribeAsync);
        app.MapPost("/v1/audio/speech", (Delegate)server.SpeechAsync);
        app.MapPost("/v1/text-to-speech/{voiceId}/stream", server.ElevenLabsAsync);
        app.MapPost("/v1/streaming.create_token", (HttpContext http) =>
        {
            server._requests.Enqueue($"heygen key={http.Request.Headers["x-api-key"]}");
            return http.Request.Headers["x-api-key"] == Key
                ? Results.Json(new { error = (string?)null, data = new { token = HeyGenSessionToken } })
                : Results.Json(new { code = 400112, message = "Unauthorized" }, statusCode: 401);
        });
        foreach (var call in new[] { "streaming.new", "streaming.start", "streaming.task", "streaming.interrupt", "streaming.stop", "streaming.keep_alive" })
        {
            app.MapPost($"/v1/{call}", (Delegate)((HttpContext http) => server.HeyGenStreamingAsync(call, http)));
        }
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    private async Task<IResult> TranscribeAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization != $"Bearer {Key}")
        {
            return Results.Json(new { error = new { message = "Incorrect API key provided", type = "invalid_request_error" } }, statusCode: 401);
        }
        if (!http.Request.HasFormContentType)
        {
            return Results.Json(new { error = new { message = "multipart/form-data expected" } }, statusCode: 400);
        }
        var form = await http.Request.ReadFormAsync();
        var file = form.Files["file"];
        if (file is null || form["model"].Count == 0)
        {
            return Results.Json(new { error = new { message = "file and model are required" } }, statusCode: 400);
        }
        _requests.Enqueue($"transcriptions model={form["model"]} file={file.FileName} type={file.ContentType} bytes={file.Length}");
        return Results.Json(new { text = "do you have a laptop under 800 dollars" });
    }

    private async Task<IResult> SpeechAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization != $"Bearer {Key}")
        {
            return Results.Json(new { error = new { message = "Incorrect API key provided" } }, statusCode: 401);
        }
        using var json = await JsonDocument.ParseAsync(http.Request.Body);
        var root = json.RootElement;
        _requests.Enqueue($"speech model={root.GetProperty("model").GetString()} voice={root.GetProperty("voice").GetString()} format={root.GetProperty("response_format").GetString()} input={root.GetProperty("input").GetString()}");
        return Results.Bytes(SpeechWav, "audio/wav");
    }

    private async Task ElevenLabsAsync(string voiceId, HttpContext http)
    {
        if (http.Request.Headers["xi-api-key"] != Key)
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { detail = new { status = "invalid_api_key", message = "Invalid API key" } });
            return;
        }
        using var json = await JsonDocument.ParseAsync(http.Request.Body);
        _requests.Enqueue($"elevenlabs voice={voiceId} format={http.Request.Query["output_format"]} model={json.RootElement.GetProperty("model_id").GetString()} text={json.RootElement.GetProperty("text").GetString()}");
        http.Response.ContentType = "audio/mpeg";
        // Chunked, as the streaming endpoint sends it: an MP3 frame header then data, in pieces.
        for (var i = 0; i < 3; i++)
        {
            await http.Response.Body.WriteAsync(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }.Concat(new byte[400]).ToArray());
            await http.Response.Body.FlushAsync();
        }
    }

    /// <summary>HeyGen allows browser calls from any origin; the SDK's JSON POST with a bearer token needs a preflight.</summary>
    private static Task AllowBrowsersAsync(HttpContext http, Func<Task> next)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        http.Response.Headers.AccessControlAllowMethods = "POST";
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        return next();
    }

    private async Task<IResult> HeyGenStreamingAsync(string call, HttpContext http)
    {
        var bearer = http.Request.Headers.Authorization.ToString();
        using var json = await JsonDocument.ParseAsync(http.Request.Body);
        var body = json.RootElement;
        string Field(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        _requests.Enqueue(call switch
        {
            "streaming.new" => $"heygen {call} {bearer} avatar={Field("avatar_name")}",
            _ => $"heygen {call} {bearer} session={Field("session_id")} type={Field("task_type")} text={Field("text")}",
        });
        if (bearer != $"Bearer {HeyGenSessionToken}")
        {
            return Results.Json(new { code = 400112, message = "Unauthorized" }, statusCode: 401);
        }
        return call == "streaming.new"
            ? Results.Json(new { code = 100, data = new { session_id = HeyGenSessionId, access_token = "livekit-token", url = "ws://127.0.0.1:9/livekit", is_paid = false, session_duration_limit = 600 } })
            : Results.Json(new { code = 100, data = new { duration_ms = 1000, task_id = "task-1" } });
    }

    private static byte[] Wav(int samples)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8); writer.Write(36 + samples * 2); writer.Write("WAVE"u8);
        writer.Write("fmt "u8); writer.Write(16); writer.Write((short)1); writer.Write((short)1); writer.Write(16000); writer.Write(32000);
        writer.Write((short)2); writer.Write((short)16);
        writer.Write("data"u8); writer.Write(samples * 2); writer.Write(new byte[samples * 2]);
        return stream.ToArray();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
