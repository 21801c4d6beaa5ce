using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Avatar;
using SalesMate.Services.Conversations;
using SalesMate.Services.Training;
using SalesMate.Services.Voice.Pocketsphinx;

namespace SalesMate.Services.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>Voice (STT/TTS chosen once here from voice.stt.provider / voice.tts.provider), training and role-play, avatar.</summary>
    public static IServiceCollection AddVoice(this IServiceCollection services)
    {
        services.AddHttpClient<OpenAiSpeechToText>();
        services.AddHttpClient<OpenAiTextToSpeech>();
        services.AddHttpClient<ElevenLabsTextToSpeech>();
        services.AddHttpClient<HeyGenAvatarProvider>();
        services.AddSingleton<PocketsphinxPool>();
        services.AddSingleton<PocketsphinxSpeechToText>();
        services.AddSingleton<EspeakTextToSpeech>();
        services.AddSingleton<AudioConverter>();
        services.AddTransient<ISpeechToText>(sp => sp.GetRequiredService<IOptions<VoiceOptions>>().Value.Stt.Provider switch
        {
            VoiceProviders.OpenAi => sp.GetRequiredService<OpenAiSpeechToText>(),
            _ => sp.GetRequiredService<PocketsphinxSpeechToText>(),
        });
        services.AddTransient<ITextToSpeech>(sp => sp.GetRequiredService<IOptions<VoiceOptions>>().Value.Tts.Provider switch
        {
            VoiceProviders.OpenAi => sp.GetRequiredService<OpenAiTextToSpeech>(),
            VoiceProviders.ElevenLabs => sp.GetRequiredService<ElevenLabsTextToSpeech>(),
            _ => sp.GetRequiredService<EspeakTextToSpeech>(),
        });
        services.AddTransient<IAvatarProvider>(sp => sp.GetRequiredService<IOptions<AvatarOptions>>().Value.Provider == VoiceProviders.HeyGen
            ? sp.GetRequiredService<HeyGenAvatarProvider>() : new NoAvatarProvider());
        services.AddScoped<TrainingService>();
        services.AddScoped<Privacy.IPersonalDataStore, TrainingPersonalData>();
        services.AddScoped<IConversationModeResponder, RolePlayModeResponder>();
        services.AddScoped<VoiceLiveSession>();
        return services;
    }
}
