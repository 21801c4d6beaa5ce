using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Tenancy;
using SalesMate.Services.Training;

namespace SalesMate.Services.Voice;

/// <summary>
/// One live voice socket (issue 8): control messages and audio in; transcript, answer text and synthesized audio out,
/// sentence by sentence while the answer is produced. One turn runs at a time; new audio or <c>interrupt</c> while it
/// runs stops it (barge-in). Bad input is answered with an error message and the socket stays usable.
/// </summary>
public sealed class VoiceLiveSession(
    SalesMateDbContext db,
    ChatService chat,
    TrainingService training,
    AgentContext agents,
    AudioConverter converter,
    ISpeechToText stt,
    ITextToSpeech tts,
    IOptions<VoiceOptions> options,
    TimeProvider clock,
    ILogger<VoiceLiveSession> logger)
{
    private VoiceSocket _socket = null!;
    private VisitorSession _session = null!;
    private Guid? _conversationId;
    private string? _mode;
    private UtteranceBuffer _utterance = null!;
    private CancellationTokenSource? _turnStop;
    private Task? _turn;

    public async Task RunAsync(WebSocket webSocket, VisitorSession session, CancellationToken aborted)
    {
        var voice = options.Value;
        _socket = new VoiceSocket(webSocket, voice.MaxFrameBytes);
        _session = session;
        await using var utterance = _utterance = new UtteranceBuffer(stt, voice.FfmpegPath);
        (stt as IStreamingSpeechToText)?.Warm();
        using var expiry = new CancellationTokenSource(TimeSpan.FromMinutes(voice.MaxSessionMinutes), clock);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(aborted, expiry.Token);
        var ct = lifetime.Token;
        try
        {
            await _socket.SendJsonAsync(new { type = "hello", stt = stt.Name, tts = tts.Name, audio_format = tts.ContentType,
                max_frame_bytes = voice.MaxFrameBytes, max_utterance_seconds = voice.MaxUtteranceSeconds }, ct);
            while (await _socket.ReceiveAsync(ct) is { } message)
            {
                if (message.TooLarge)
                {
                    await _socket.SendErrorAsync("frame_too_large", $"A message may be at most {voice.MaxFrameBytes} bytes (voice.max_frame_bytes); send audio in smaller chunks.", ct);
                    continue;
                }
                if (message.Type == WebSocketMessageType.Binary)
                {
                    await OnAudioAsync(message.Data, ct);
                }
                else if (!await OnControlAsync(message.Data, ct))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            await _socket.SendErrorAsync("session_expired", $"The voice session reached voice.max_session_minutes ({voice.MaxSessionMinutes}).", CancellationToken.None);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the client left
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Voice session failed");
            await _socket.SendErrorAsync("internal", "The voice session failed; please reconnect.", CancellationToken.None);
        }
        finally
        {
            await StopTurnAsync();
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }
    }

    private async Task OnAudioAsync(byte[] data, CancellationToken ct)
    {
        if (_turn is { IsCompleted: false })
        {
            await StopTurnAsync(); // barge-in: the user speaks over the answer
            await _socket.SendJsonAsync(new { type = "interrupted", reason = "barge_in" }, ct);
        }
        if (_utterance.Length + data.Length > options.Value.MaxUtteranceBytes)
        {
            await _utterance.DropAsync();
            await _socket.SendErrorAsync("utterance_too_long", $"An utterance may be at most {options.Value.MaxUtteranceSeconds} s (voice.max_utterance_seconds); the audio so far was dropped.", ct);
            return;
        }
        _utterance.Append(data);
    }

    /// <returns>False when the client asked to stop.</returns>
    private async Task<bool> OnControlAsync(byte[] data, CancellationToken ct)
    {
        VoiceControl? control;
        try
        {
            control = JsonSerializer.Deserialize<VoiceControl>(data, VoiceJson.Options);
        }
        catch (JsonException)
        {
            await _socket.SendErrorAsync("bad_message", "Control messages are JSON objects with a type: start, utterance_end, text, interrupt or stop.", ct);
            return true;
        }
        switch (control?.Type)
        {
            case "start":
                await OnStartAsync(control, ct);
                return true;
            case "utterance_end":
                await BeginTurnAsync(_utterance.Take(), null, ct);
                return true;
            case "text":
                await BeginTurnAsync(null, control.Text, ct);
                return true;
            case "interrupt":
                var running = _turn is { IsCompleted: false };
                await StopTurnAsync();
                await _utterance.DropAsync();
                await _socket.SendJsonAsync(new { type = "interrupted", reason = running ? "interrupt" : "idle" }, ct);
                return true;
            case "stop":
                await StopTurnAsync();
                if (control.Score == true && _conversationId is { } id && _mode == TrainingSession.RolePlay)
                {
                    var report = await training.ScoreAsync(_session, id, ct);
                    await _socket.SendJsonAsync(new { type = "score", conversation_id = id, report }, ct);
                }
                await _socket.SendJsonAsync(new { type = "stopped" }, ct);
                return false;
            default:
                await _socket.SendErrorAsync("bad_message", $"Unknown message type '{control?.Type}': use start, utterance_end, text, interrupt or stop.", ct);
                return true;
        }
    }

    private async Task OnStartAsync(VoiceControl control, CancellationToken ct)
    {
        try
        {
            var agent = string.IsNullOrWhiteSpace(control.Agent) ? null : control.Agent.Trim().ToLowerInvariant();
            if (agent is not null && !Agents.All.Contains(agent))
            {
                throw new RequestValidationException("agent", $"agent must be one of: {string.Join(", ", Agents.All)}.");
            }
            string greeting;
            if (control.ConversationId is { } existing)
            {
                var conversation = await db.Conversations.FindAsync([existing], ct);
                if (conversation is null || conversation.SessionId != _session.Id && (conversation.UserId is null || conversation.UserId != _session.UserId))
                {
                    throw new NotFoundException("Conversation", existing);
                }
                agents.Select(conversation.Agent);
                _mode = await db.TrainingSessions.Where(t => t.ConversationId == existing).Select(t => t.Mode).FirstOrDefaultAsync(ct);
                _conversationId = existing;
                greeting = "";
            }
            else if (agent == Agents.Trainer || control.Mode is not null)
            {
                var started = await training.StartAsync(_session, control.Mode, control.Persona, ct);
                (_conversationId, _mode, greeting) = (started.Conversation.Id, started.Training.Mode, started.Greeting);
            }
            else
            {
                if (agent is not null)
                {
                    agents.Select(agent);
                }
                var started = await chat.StartAsync(_session, null, ct);
                (_conversationId, _mode, greeting) = (started.Conversation.Id, null, started.Greeting.Content);
            }
            await _socket.SendJsonAsync(new { type = "ready", conversation_id = _conversationId, agent = agents.Name, mode = _mode, greeting }, ct);
            if (greeting.Length > 0)
            {
                var usage = new VoiceUsage(clock);
                await SpeakAsync(greeting, 0, usage, ct);
                db.LlmRequests.AddRange(usage.Drain());
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        catch (SalesMateException ex)
        {
            await _socket.SendErrorAsync("bad_start", ex is RequestValidationException validation
                ? string.Join(" ", validation.Errors.SelectMany(e => e.Value)) : ex.Message, ct);
        }
    }

    private async Task BeginTurnAsync(UtteranceBuffer.Taken? audio, string? text, CancellationToken ct)
    {
        if (_conversationId is not { } conversationId)
        {
            await (audio?.Live).DisposeIfAny();
            await _socket.SendErrorAsync("not_started", "Send {\"type\":\"start\"} first.", ct);
            return;
        }
        await StopTurnAsync();
        _turnStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stop = _turnStop.Token;
        _turn = Task.Run(() => RunTurnAsync(conversationId, audio, text, stop), CancellationToken.None);
    }

    private async Task StopTurnAsync()
    {
        if (_turn is null)
        {
            return;
        }
        await _turnStop!.CancelAsync();
        try
        {
            await _turn;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // stopped
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Voice turn failed");
        }
        _turnStop.Dispose();
        _turn = null;
        _turnStop = null;
    }

    private async Task RunTurnAsync(Guid conversationId, UtteranceBuffer.Taken? audio, string? typed, CancellationToken stop)
    {
        var usage = new VoiceUsage(clock);
        var started = Stopwatch.GetTimestamp();
        try
        {
            double? audioMs = null;
            var text = typed;
            if (audio is not null)
            {
                (text, audioMs) = await HearAsync(audio, conversationId, usage, started, stop);
                if (string.IsNullOrWhiteSpace(text))
                {
                    await _socket.SendErrorAsync("no_speech", "No words were recognised in the audio; please speak again.", stop);
                    return;
                }
            }
            var prepared = await chat.StageAsync(_session, conversationId, text, stop);
            if (db.Messages.Local.FirstOrDefault(m => m.Id == prepared.UserMessageId) is { } userMessage)
            {
                userMessage.Metadata = userMessage.Metadata with { Channel = audio is null ? null : "voice", AudioDurationMs = audioMs };
            }
            db.LlmRequests.AddRange(usage.Drain());
            await db.SaveChangesAsync(CancellationToken.None);
            await AnswerAsync(prepared, usage, started, stop);
        }
        catch (BadAudioException ex)
        {
            await _socket.SendErrorAsync("bad_audio", ex.Message, CancellationToken.None);
        }
        catch (VoiceProviderException ex)
        {
            logger.LogWarning("Voice provider failed: {Code} {Message}", ex.Code, ex.Message);
            await _socket.SendErrorAsync(ex.Code, ex.Message, CancellationToken.None);
        }
        catch (SalesMateException ex)
        {
            await _socket.SendErrorAsync("bad_turn", ex is RequestValidationException validation
                ? string.Join(" ", validation.Errors.SelectMany(e => e.Value)) : ex.Message, CancellationToken.None);
        }
        finally
        {
            var rest = usage.Drain();
            if (rest.Count > 0)
            {
                db.LlmRequests.AddRange(rest);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The words of an utterance: already heard while it was sent when the STT streams (only the last bit and the final
    /// pass are left), else converted and transcribed whole. Sends the transcript message.
    /// </summary>
    private async Task<(string Text, double AudioMs)> HearAsync(UtteranceBuffer.Taken audio, Guid conversationId, VoiceUsage usage, long started, CancellationToken stop)
    {
        await using var live = audio.Live;
        var heard = live is null ? null : await live.FinishAsync(stop);
        var pcm = heard is null ? await converter.ToPcmAsync(audio.Audio, stop) : converter.Check(heard.Audio);
        var audioMs = Math.Round(pcm.DurationMs);
        var sttStarted = heard is null ? Stopwatch.GetTimestamp() : started;
        var details = new { audio_ms = audioMs, bytes = pcm.Wav.Length, streamed = heard is not null };
        string text;
        try
        {
            text = heard?.Text ?? await stt.TranscribeAsync(pcm, stop);
            usage.Record(VoicePurposes.Stt, stt.Name, stt.Model, conversationId, Stopwatch.GetElapsedTime(sttStarted).TotalMilliseconds, details, null);
        }
        catch (Exception ex)
        {
            usage.Record(VoicePurposes.Stt, stt.Name, stt.Model, conversationId, Stopwatch.GetElapsedTime(sttStarted).TotalMilliseconds, details, ex);
            throw;
        }
        await _socket.SendJsonAsync(new { type = "transcript", text, audio_ms = audioMs,
            stt_ms = Math.Round(Stopwatch.GetElapsedTime(sttStarted).TotalMilliseconds) }, stop);
        return (text, audioMs);
    }

    private async Task AnswerAsync(PreparedTurn prepared, VoiceUsage usage, long started, CancellationToken stop)
    {
        var splitter = new SentenceSplitter();
        var sentences = Channel.CreateUnbounded<string>();
        var speaking = Task.Run(() => SpeakSentencesAsync(sentences.Reader, usage, started, stop), CancellationToken.None);
        var shape = new TurnShape(options.Value.MaxAnswerTokens, options.Value.HistoryMessages);
        double? firstTokenMs = null;
        Message? answer = null;
        try
        {
            await foreach (var update in chat.GenerateAsync(prepared, stop, shape: shape).WithCancellation(CancellationToken.None))
            {
                switch (update)
                {
                    case TurnText token:
                        firstTokenMs ??= Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        await _socket.SendJsonAsync(new { type = "token", text = token.Text }, CancellationToken.None);
                        foreach (var sentence in splitter.Add(token.Text))
                        {
                            sentences.Writer.TryWrite(sentence);
                        }
                        break;
                    case TurnCompleted completed:
                        if (splitter.Flush() is { } last)
                        {
                            sentences.Writer.TryWrite(last);
                        }
                        answer = completed.AssistantMessage;
                        break;
                    case TurnFailed failed:
                        await _socket.SendJsonAsync(new { type = failed.Code is "stopped" or "user_stop" ? "stopped" : "error", code = failed.Code, detail = failed.Detail }, CancellationToken.None);
                        break;
                }
            }
        }
        finally
        {
            sentences.Writer.TryComplete();
        }
        var spokenMs = await speaking;
        if (answer is not null && !stop.IsCancellationRequested)
        {
            answer.Metadata = answer.Metadata with { Channel = "voice", AudioDurationMs = Math.Round(spokenMs) };
            db.LlmRequests.AddRange(usage.Drain());
            await db.SaveChangesAsync(CancellationToken.None);
            await _socket.SendJsonAsync(new { type = "done", message_id = answer.Id, text = answer.Content, audio_ms = Math.Round(spokenMs),
                first_token_ms = firstTokenMs, total_ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds),
                sources = answer.Metadata.Citations.Select(c => new { title = c.Title, section = c.Section, url = c.Url }) }, CancellationToken.None);
        }
    }

    private async Task<double> SpeakSentencesAsync(ChannelReader<string> sentences, VoiceUsage usage, long started, CancellationToken stop)
    {
        double total = 0;
        var sequence = 0;
        try
        {
            await foreach (var sentence in sentences.ReadAllAsync(stop))
            {
                total += await SpeakAsync(sentence, ++sequence, usage, stop, sequence == 1 ? started : null);
            }
        }
        catch (OperationCanceledException)
        {
            // barge-in: the rest is not spoken
        }
        catch (VoiceProviderException ex)
        {
            await _socket.SendErrorAsync(ex.Code, ex.Message, CancellationToken.None);
        }
        return total;
    }

    /// <summary>Synthesizes one sentence and sends an <c>audio</c> message followed by the audio as one binary message.</summary>
    private async Task<double> SpeakAsync(string text, int sequence, VoiceUsage usage, CancellationToken stop, long? turnStarted = null)
    {
        var spoken = SpokenText.Clean(text);
        if (spoken.Length == 0)
        {
            return 0;
        }
        var ttsStarted = Stopwatch.GetTimestamp();
        SpeechAudio audio;
        try
        {
            audio = await tts.SynthesizeAsync(spoken, stop);
            usage.Record(VoicePurposes.Tts, tts.Name, tts.Model, _conversationId, Stopwatch.GetElapsedTime(ttsStarted).TotalMilliseconds, new { chars = spoken.Length }, null);
        }
        catch (Exception ex)
        {
            usage.Record(VoicePurposes.Tts, tts.Name, tts.Model, _conversationId, Stopwatch.GetElapsedTime(ttsStarted).TotalMilliseconds, new { chars = spoken.Length }, ex);
            throw;
        }
        stop.ThrowIfCancellationRequested();
        await _socket.SendJsonAsync(new { type = "audio", seq = sequence, content_type = audio.ContentType, text = spoken,
            bytes = audio.Bytes.Length, duration_ms = Math.Round(audio.DurationMs),
            first_audio_ms = turnStarted is { } t ? Math.Round(Stopwatch.GetElapsedTime(t).TotalMilliseconds) : (double?)null }, stop);
        await _socket.SendAudioAsync(audio.Bytes, stop);
        return audio.DurationMs;
    }
}
