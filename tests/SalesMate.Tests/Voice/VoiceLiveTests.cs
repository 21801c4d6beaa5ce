using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Voice;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Voice;

/// <summary>The live voice socket with the local engines (espeak-ng, pocketsphinx, ffmpeg) over real Kestrel and a real WebSocket.</summary>
public abstract class VoiceLiveTests(AppFixture fixture)
{
    private async Task<(VoiceClient Voice, Guid ConversationId)> OpenAsync()
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { });
        var chat = await start.ReadAsync<StartChatResponse>();
        var voice = await VoiceClient.ConnectAsync(fixture.Client.BaseAddress!, chat.SessionToken!);
        (await voice.ReceiveAsync()).Type.Should().Be("hello");
        await voice.SendJsonAsync(new { type = "start", conversation_id = chat.ConversationId });
        (await voice.ReceiveAsync()).Type.Should().Be("ready");
        return (voice, chat.ConversationId);
    }

    private async Task<T> WithDbAsync<T>(Func<SalesMateDbContext, Task<T>> query)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
        return await query(db);
    }

    /// <summary>An app of its own (services replaced), with a started voice conversation.</summary>
    private async Task<OwnApp> OwnAppAsync(Action<IServiceCollection> services)
    {
        var factory = new SalesMateFactory(await TestDatabase.CreateAsync(fixture.Factory.Database.Kind), null, services);
        var client = factory.CreateKestrelClient();
        var chat = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var voice = await VoiceClient.ConnectAsync(client.BaseAddress!, chat.SessionToken!);
        await voice.ReadUntilAsync("hello");
        await voice.SendJsonAsync(new { type = "start", conversation_id = chat.ConversationId });
        await voice.ReadUntilAsync("ready");
        return new OwnApp(factory, client, voice);
    }

    private sealed record OwnApp(SalesMateFactory Factory, HttpClient Client, VoiceClient Voice) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Voice.DisposeAsync();
            Client.Dispose();
            await Factory.DisposeAsync();
            await Factory.Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Spoken_question_is_transcribed_answered_from_the_catalog_and_read_back_as_wav()
    {
        var (voice, conversationId) = await OpenAsync();
        await using var _ = voice;
        var question = await SpokenWav.SayAsync("do you have a laptop under 800 dollars");
        foreach (var chunk in question.Chunk(32 * 1024))
        {
            await voice.SendAudioAsync(chunk);
        }
        await voice.SendJsonAsync(new { type = "utterance_end" });

        var received = await voice.ReadUntilAsync("done", "error");
        received.Last().Type.Should().Be("done", received.Last().Json.ToString());
        var transcript = received.First(r => r.Type == "transcript").Json.GetProperty("text").GetString();
        // pocketsphinx hears espeak-ng's robot voice imperfectly ("do you have a laptop on the the conduit dollars" with
        // Debian 12's engines); the input is deterministic (sox -D: no dither), so the words it gets right stay right.
        transcript.Should().Contain("laptop").And.Contain("dollars");
        received.Should().Contain(r => r.Type == "token");
        var audio = received.Where(r => r.Audio is not null).Select(r => r.Audio!).ToList();
        audio.Should().NotBeEmpty("the answer is spoken");
        var first = WavInfo.Read(audio[0]);
        first.Should().NotBeNull("each audio message is a complete WAV file");
        first!.DataLength.Should().BeGreaterThan(1000);
        var firstAudio = received.FindIndex(r => r.Type == "audio");
        firstAudio.Should().BeLessThan(received.FindIndex(r => r.Type == "done"), "audio starts before the answer is finished");

        var messages = await WithDbAsync(db => db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.Sequence).ToListAsync());
        var spoken = messages.Should().Contain(m => m.Role == MessageRole.User && m.Content == transcript).Subject;
        spoken.Metadata.Channel.Should().Be("voice");
        spoken.Metadata.AudioDurationMs.Should().BeGreaterThan(500);
        var answer = messages.Last();
        answer.Role.Should().Be(MessageRole.Assistant);
        answer.Metadata.AudioDurationMs.Should().BeGreaterThan(0);
        answer.Metadata.Products.Should().NotBeEmpty("the pipeline answers from the catalog");
        var purposes = await WithDbAsync(db => db.LlmRequests.Where(r => r.ConversationId == conversationId).Select(r => r.Purpose).ToListAsync());
        purposes.Should().Contain(["stt", "tts"]);
    }

    [Fact]
    public async Task New_audio_while_the_answer_is_spoken_stops_it()
    {
        // Later sentences are held back (HeldSpeech), so the answer is certainly still being spoken when the user talks.
        await using var app = await OwnAppAsync(services => services.AddSingleton<ITextToSpeech>(sp => new HeldSpeech(sp.GetRequiredService<EspeakTextToSpeech>())));
        var voice = app.Voice;
        var bargeIn = await SpokenWav.SayAsync("wait");
        await voice.SendJsonAsync(new { type = "text", text = "show me noise cancelling headphones under 400 dollars" });
        await voice.ReadUntilAsync("audio");
        await voice.SendAudioAsync(bargeIn);

        var untilInterrupted = await voice.ReadUntilAsync("interrupted");
        untilInterrupted.Last().Json.GetProperty("reason").GetString().Should().Be("barge_in");
        untilInterrupted.Should().NotContain(r => r.Type == "done");
        HeldSpeech.Release.Release(10);
        await voice.SendJsonAsync(new { type = "interrupt" });
        var after = await voice.ReadUntilAsync("interrupted");
        after.Should().NotContain(r => r.Type == "done" || r.Type == "audio", "the stopped answer is not spoken any further");
        voice.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
    }

    [Fact]
    public async Task Oversized_and_corrupt_audio_get_an_error_and_the_socket_stays_usable()
    {
        var (voice, _) = await OpenAsync();
        await using var _ = voice;
        await voice.SendAudioAsync(new byte[300 * 1024]);
        (await voice.ReadUntilAsync("error")).Last().Json.GetProperty("code").GetString().Should().Be("frame_too_large");

        await voice.SendAudioAsync([.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8, .. "junkjunkjunk"u8]);
        await voice.SendJsonAsync(new { type = "utterance_end" });
        (await voice.ReadUntilAsync("error")).Last().Json.GetProperty("code").GetString().Should().Be("bad_audio");

        await voice.SendAudioAsync(new byte[4096].Select((_, i) => (byte)(i * 7)).ToArray());
        await voice.SendJsonAsync(new { type = "utterance_end" });
        (await voice.ReadUntilAsync("error")).Last().Json.GetProperty("code").GetString().Should().Be("bad_audio");

        await voice.SendAudioAsync([0x1A, 0x45, 0xDF, 0xA3, .. "webm magic, then no webm at all"u8]);
        await voice.SendJsonAsync(new { type = "utterance_end" });
        (await voice.ReadUntilAsync("error")).Last().Json.GetProperty("detail").GetString().Should().Contain("could not be decoded");

        await voice.SendJsonAsync(new { type = "text", text = "do you have tablets under 500 dollars" });
        (await voice.ReadUntilAsync("done", "error")).Last().Type.Should().Be("done");
    }

    [Fact]
    public async Task Recorder_webm_chunks_are_heard_while_they_arrive()
    {
        var (voice, conversationId) = await OpenAsync();
        await using var _ = voice;
        var webm = await WebmOpus.FromWavAsync(await SpokenWav.SayAsync("do you have a laptop under 800 dollars"));
        foreach (var chunk in webm.Chunk(4 * 1024))
        {
            await voice.SendAudioAsync(chunk);
        }
        await voice.SendJsonAsync(new { type = "utterance_end" });

        var received = await voice.ReadUntilAsync("done", "error");
        received.Last().Type.Should().Be("done", received.Last().Json.ToString());
        received.First(r => r.Type == "transcript").Json.GetProperty("text").GetString().Should().Contain("laptop");
        received.Should().Contain(r => r.Audio != null);
        var stt = await WithDbAsync(db => db.LlmRequests.Where(r => r.ConversationId == conversationId && r.Purpose == "stt").SingleAsync());
        System.Text.Json.JsonDocument.Parse(stt.RequestBody!).RootElement.GetProperty("streamed").GetBoolean()
            .Should().BeTrue("the recogniser heard the chunks as they came, through one streaming ffmpeg");
    }

    [Fact]
    public async Task Too_long_utterances_get_an_error_and_the_socket_stays_usable()
    {
        var (voice, _) = await OpenAsync();
        await using var _ = voice;
        var frame = new byte[250 * 1024];
        for (var i = 0; i < 5; i++)
        {
            await voice.SendAudioAsync(frame);
        }
        var tooMuch = (await voice.ReadUntilAsync("error")).Last().Json;
        tooMuch.GetProperty("code").GetString().Should().Be("utterance_too_long");
        tooMuch.GetProperty("detail").GetString().Should().Contain("voice.max_utterance_seconds");
        await voice.SendJsonAsync(new { type = "interrupt" });
        await voice.ReadUntilAsync("interrupted");

        // Small when compressed, 31 s when decoded: refused by length, not size.
        var silence = await ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono",
            "-t", "31", "-c:a", "libopus", "-f", "webm", "pipe:1"], null, TimeSpan.FromSeconds(60), "ffmpeg", CancellationToken.None);
        silence.Stdout.Length.Should().BeLessThan(200 * 1024);
        await voice.SendAudioAsync(silence.Stdout);
        await voice.SendJsonAsync(new { type = "utterance_end" });
        var tooLong = (await voice.ReadUntilAsync("error")).Last().Json;
        tooLong.GetProperty("code").GetString().Should().Be("bad_audio");
        tooLong.GetProperty("detail").GetString().Should().Contain("longer than voice.max_utterance_seconds");

        await voice.SendAudioAsync(await SpokenWav.SayAsync("do you have a laptop under 800 dollars"));
        await voice.SendJsonAsync(new { type = "utterance_end" });
        (await voice.ReadUntilAsync("done", "error")).Last().Type.Should().Be("done");
    }

    [Fact]
    public async Task Session_past_its_length_is_told_why_and_closed_cleanly()
    {
        var clock = new HeldTimers(TimeSpan.FromMinutes(15));
        await using var app = await OwnAppAsync(services => services.AddSingleton<TimeProvider>(clock));
        var voice = app.Voice;
        clock.Held.Should().Be(1, "the session's deadline is the one 15-minute timer");

        clock.FireAll();

        var expired = (await voice.ReadUntilAsync("error")).Last().Json;
        expired.GetProperty("code").GetString().Should().Be("session_expired");
        expired.GetProperty("detail").GetString().Should().Contain("voice.max_session_minutes (15)");
        (await voice.ReceiveAsync()).Type.Should().Be("closed", "then the server closes the socket");
        voice.State.Should().Be(System.Net.WebSockets.WebSocketState.CloseReceived);
    }

    [Fact]
    public async Task Socket_without_a_session_is_refused_before_the_upgrade()
    {
        var response = await fixture.Client.GetAsync("/api/v1/voice/live");
        response.StatusCode.Should().NotBe(HttpStatusCode.OK);
        var refused = async () => await VoiceClient.ConnectAsync(fixture.Client.BaseAddress!, "not-a-session");
        await refused.Should().ThrowAsync<System.Net.WebSockets.WebSocketException>();
    }

    [Fact]
    public async Task Role_play_by_text_then_voice_stop_scores_the_trainee()
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/training/start", new { mode = "roleplay", persona = "price_sensitive" });
        start.StatusCode.Should().Be(HttpStatusCode.OK, await start.Content.ReadAsStringAsync());
        var training = await start.ReadAsync<SalesMate.Api.Routes.StartTrainingResponse>();
        training.Greeting.Should().Contain("more than I wanted to spend");

        var reply = await fixture.Client.PostJsonAsync("/a/trainer/api/v1/chat/message",
            new { conversation_id = training.ConversationId, message = "I understand. GAP coverage is optional and costs about $12 a month." },
            training.SessionToken);
        reply.StatusCode.Should().Be(HttpStatusCode.OK, await reply.Content.ReadAsStringAsync());
        var customer = await reply.ReadAsync<ChatMessageResponse>();
        customer.Answer.Should().NotContain("laptop", "the assistant plays the customer, not the shop");

        await using var voice = await VoiceClient.ConnectAsync(fixture.Client.BaseAddress!, training.SessionToken!);
        await voice.ReceiveAsync();
        await voice.SendJsonAsync(new { type = "start", conversation_id = training.ConversationId });
        (await voice.ReadUntilAsync("ready")).Last().Json.GetProperty("mode").GetString().Should().Be("roleplay");
        await voice.SendJsonAsync(new { type = "text", text = "It protects you if the car is a total loss, and the coverage includes your deductible." });
        await voice.ReadUntilAsync("done");
        await voice.SendJsonAsync(new { type = "stop", score = true });
        var score = (await voice.ReadUntilAsync("score")).Last().Json.GetProperty("report");
        score.GetProperty("score").GetInt32().Should().BeGreaterThan(50);
        score.GetProperty("objections").EnumerateArray().Should().OnlyContain(o => o.GetProperty("addressed").GetBoolean());

        var stored = await WithDbAsync(db => db.TrainingSessions.SingleAsync(t => t.ConversationId == training.ConversationId));
        stored.Score.Should().Be(score.GetProperty("score").GetInt32());
        stored.Report.Should().Contain("objections");

        var again = await fixture.Client.PostJsonAsync($"/api/v1/roleplay/{training.ConversationId}/score", new { }, training.SessionToken);
        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Avatar_session_without_a_key_says_provider_none()
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { });
        var chat = await start.ReadAsync<StartChatResponse>();
        var response = await fixture.Client.PostJsonAsync("/api/v1/avatar/session", new { }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"provider\":\"none\"");
    }
}

[Collection("sqlite")]
public sealed class SqliteVoiceLiveTests(SqliteAppFixture fixture) : VoiceLiveTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresVoiceLiveTests(PostgresAppFixture fixture) : VoiceLiveTests(fixture), IClassFixture<PostgresAppFixture>;
