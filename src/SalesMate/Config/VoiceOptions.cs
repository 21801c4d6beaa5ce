using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>voice</c> (issue 8): speech-to-text and text-to-speech providers, limits of the live socket.</summary>
public sealed class VoiceOptions
{
    public const string Section = "voice";

    public SttOptions Stt { get; set; } = new();
    public TtsOptions Tts { get; set; } = new();

    /// <summary>Largest binary frame the socket accepts.</summary>
    [ConfigurationKeyName("max_frame_bytes")]
    public int MaxFrameBytes { get; set; } = 256 * 1024;

    /// <summary>Longest utterance (audio of one turn), in seconds of 16 kHz mono speech; larger buffers are refused.</summary>
    [ConfigurationKeyName("max_utterance_seconds")]
    public int MaxUtteranceSeconds { get; set; } = 30;

    /// <summary>A live socket is closed after this many minutes.</summary>
    [ConfigurationKeyName("max_session_minutes")]
    public int MaxSessionMinutes { get; set; } = 15;

    /// <summary>Small max_tokens for spoken answers (seed 004: short answers start speaking sooner).</summary>
    [ConfigurationKeyName("max_answer_tokens")]
    public int MaxAnswerTokens { get; set; } = 120;

    /// <summary>Messages of history a voice turn sends to a hosted model (seed 004: the last 4-5).</summary>
    [ConfigurationKeyName("history_messages")]
    public int HistoryMessages { get; set; } = 6;

    /// <summary>ffmpeg (preferred) or sox converts browser audio (WebM/Opus) and other WAVs to 16 kHz mono PCM.</summary>
    [ConfigurationKeyName("ffmpeg_path")]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Largest audio bytes of one utterance: 16 kHz * 2 bytes * seconds, plus room for compressed headers.</summary>
    public long MaxUtteranceBytes => (long)MaxUtteranceSeconds * 32_000 + 64 * 1024;

    internal IEnumerable<string> Validate()
    {
        if (!VoiceProviders.Stt.Contains(Stt.Provider))
        {
            yield return OptionErrors.NotOneOf("voice.stt.provider", Stt.Provider, VoiceProviders.Stt);
        }
        if (!VoiceProviders.Tts.Contains(Tts.Provider))
        {
            yield return OptionErrors.NotOneOf("voice.tts.provider", Tts.Provider, VoiceProviders.Tts);
        }
        if (Stt.Provider == VoiceProviders.OpenAi && string.IsNullOrWhiteSpace(Stt.ApiKey))
        {
            yield return "voice.stt.api_key (or OPENAI_API_KEY) must be set when voice.stt.provider is openai.";
        }
        if (Tts.Provider == VoiceProviders.OpenAi && string.IsNullOrWhiteSpace(Tts.ApiKey))
        {
            yield return "voice.tts.api_key (or OPENAI_API_KEY) must be set when voice.tts.provider is openai.";
        }
        if (Tts.Provider == VoiceProviders.ElevenLabs && (string.IsNullOrWhiteSpace(Tts.ApiKey) || string.IsNullOrWhiteSpace(Tts.VoiceId)))
        {
            yield return "voice.tts.api_key (or ELEVENLABS_API_KEY) and voice.tts.voice_id must be set when voice.tts.provider is elevenlabs.";
        }
        foreach (var (name, url) in new[] { ("voice.stt.base_url", Stt.BaseUrl), ("voice.tts.base_url", Tts.BaseUrl) })
        {
            if (url is { Length: > 0 } && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                yield return $"{name} must be an http(s) URL; got '{url}'.";
            }
        }
        if (MaxFrameBytes is < 1024 or > 16 * 1024 * 1024)
        {
            yield return $"voice.max_frame_bytes must be between 1024 and 16777216; got {MaxFrameBytes}.";
        }
        if (MaxUtteranceSeconds is < 1 or > 300)
        {
            yield return $"voice.max_utterance_seconds must be between 1 and 300; got {MaxUtteranceSeconds}.";
        }
        if (MaxSessionMinutes is < 1 or > 240)
        {
            yield return $"voice.max_session_minutes must be between 1 and 240; got {MaxSessionMinutes}.";
        }
        if (MaxAnswerTokens is < 16 or > 4000)
        {
            yield return $"voice.max_answer_tokens must be between 16 and 4000; got {MaxAnswerTokens}.";
        }
        if (Stt.PocketsphinxDecoders is < 1 or > 16)
        {
            yield return $"voice.stt.pocketsphinx_decoders must be between 1 and 16; got {Stt.PocketsphinxDecoders}.";
        }
        if (HistoryMessages is < 0 or > 50)
        {
            yield return $"voice.history_messages must be between 0 and 50; got {HistoryMessages}.";
        }
    }
}

public sealed class SttOptions
{
    /// <summary>pocketsphinx (default, local, no key) or openai (Whisper API or any OpenAI-compatible server).</summary>
    public string Provider { get; set; } = VoiceProviders.Pocketsphinx;

    [ConfigurationKeyName("base_url")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    public string Model { get; set; } = "whisper-1";

    public string Language { get; set; } = "en";

    /// <summary>The en-US model of Debian's pocketsphinx-en-us, read by the resident decoders of libpocketsphinx3.</summary>
    [ConfigurationKeyName("pocketsphinx_model_dir")]
    public string PocketsphinxModelDir { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Resident decoders at most (utterances recognised at the same time); each holds ~100 MB, loaded on first use.</summary>
    [ConfigurationKeyName("pocketsphinx_decoders")]
    public int PocketsphinxDecoders { get; set; } = 2;

    [ConfigurationKeyName("timeout_seconds")]
    public int TimeoutSeconds { get; set; } = 60;
}

public sealed class TtsOptions
{
    /// <summary>espeak-ng (default, local, no key), openai or elevenlabs.</summary>
    public string Provider { get; set; } = VoiceProviders.EspeakNg;

    [ConfigurationKeyName("base_url")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    /// <summary>OpenAI: tts-1; ElevenLabs: eleven_flash_v2_5 (its low-latency model).</summary>
    public string? Model { get; set; }

    /// <summary>OpenAI voice name (alloy, ...) or the espeak-ng voice (en-us+m1 is the clearest for pocketsphinx too).</summary>
    public string Voice { get; set; } = "en-us+m1";

    /// <summary>ElevenLabs voice id (seed 004 ELEVENLABS_VOICE_ID).</summary>
    [ConfigurationKeyName("voice_id")]
    public string? VoiceId { get; set; }

    /// <summary>espeak-ng words per minute.</summary>
    [ConfigurationKeyName("words_per_minute")]
    public int WordsPerMinute { get; set; } = 160;

    [ConfigurationKeyName("espeak_path")]
    public string EspeakPath { get; set; } = "espeak-ng";

    [ConfigurationKeyName("timeout_seconds")]
    public int TimeoutSeconds { get; set; } = 30;
}

public static class VoiceProviders
{
    public const string Pocketsphinx = "pocketsphinx";
    public const string EspeakNg = "espeak-ng";
    public const string OpenAi = "openai";
    public const string ElevenLabs = "elevenlabs";
    public const string None = "none";
    public const string HeyGen = "heygen";

    public static readonly string[] Stt = [Pocketsphinx, OpenAi];
    public static readonly string[] Tts = [EspeakNg, OpenAi, ElevenLabs];
}

/// <summary>Section <c>avatar</c> (seed 004: HeyGen LiveAvatar). Without a key the voice page shows a speaking indicator.</summary>
public sealed class AvatarOptions
{
    public const string Section = "avatar";

    /// <summary>none (default) or heygen.</summary>
    public string Provider { get; set; } = VoiceProviders.None;

    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "https://api.heygen.com";

    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    [ConfigurationKeyName("avatar_id")]
    public string? AvatarId { get; set; }

    [ConfigurationKeyName("timeout_seconds")]
    public int TimeoutSeconds { get; set; } = 15;

    internal IEnumerable<string> Validate()
    {
        string[] providers = [VoiceProviders.None, VoiceProviders.HeyGen];
        if (!providers.Contains(Provider))
        {
            yield return OptionErrors.NotOneOf("avatar.provider", Provider, providers);
        }
        if (Provider == VoiceProviders.HeyGen && string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return "avatar.api_key (or HEYGEN_API_KEY) must be set when avatar.provider is heygen.";
        }
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"avatar.base_url must be an http(s) URL; got '{BaseUrl}'.";
        }
    }
}

/// <summary>Section <c>training</c> (seed 004): what role-play scoring checks when the tenant names nothing else.</summary>
public sealed class TrainingOptions
{
    public const string Section = "training";

    /// <summary>Phrases a trainee is expected to say (disclosures); tenants override them in settings.training.compliance_phrases.</summary>
    [ConfigurationKeyName("compliance_phrases")]
    public List<string> CompliancePhrases { get; set; } = ["optional", "terms and conditions"];

    internal IEnumerable<string> Validate()
    {
        if (CompliancePhrases.Any(string.IsNullOrWhiteSpace))
        {
            yield return "training.compliance_phrases must not contain empty phrases.";
        }
    }
}
