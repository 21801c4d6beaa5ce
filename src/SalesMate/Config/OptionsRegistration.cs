using Microsoft.Extensions.Options;

namespace SalesMate.Config;

public static class OptionsRegistration
{
    /// <summary>Binds every section and validates it at start-up; a bad value stops the app naming the setting.</summary>
    public static IServiceCollection AddSalesMateOptions(this IServiceCollection services)
    {
        services.AddValidated<AppOptions>(AppOptions.Section, o => o.Validate());
        services.AddValidated<DatabaseOptions>(DatabaseOptions.Section, o => o.Validate());
        services.AddValidated<ChatOptions>(ChatOptions.Section, o => o.Validate());
        services.AddValidated<CoachingOptions>(CoachingOptions.Section, o => o.Validate());
        services.AddValidated<LoggingOptions>(LoggingOptions.Section, o => o.Validate());
        services.AddValidated<LlmOptions>(LlmOptions.Section, o => o.Validate());
        services.AddValidated<CurrencyOptions>(CurrencyOptions.Section, o => o.Validate());
        services.AddValidated<StreamingOptions>(StreamingOptions.Section, o => o.Validate());
        services.AddValidated<LlmBudgetOptions>(LlmOptions.Section, o => o.Validate());
        services.AddValidated<Services.Llm.Classification.StructuredClassificationOptions>(LlmOptions.Section, o => o.Validate());
        services.AddValidated<StructuredStepsOptions>(LlmOptions.Section, o => o.Validate());
        services.AddValidated<EmailOptions>(EmailOptions.Section, o => o.Validate());
        services.PostConfigure<EmailOptions>(o => o.Mailgun.ApiKey = o.Mailgun.ApiKey is { Length: > 0 } key
            ? key : Environment.GetEnvironmentVariable(MailgunOptions.ApiKeyVariable));
        services.AddValidated<OtpOptions>(OtpOptions.Section, o => o.Validate());
        services.AddValidated<DemoOptions>(DemoOptions.Section, _ => []);
        services.AddValidated<VectorOptions>(VectorOptions.Section, o => o.Validate());
        services.AddValidated<EmbeddingsOptions>(EmbeddingsOptions.Section, o => o.Validate());
        services.AddValidated<RetrievalOptions>(RetrievalOptions.Section, o => o.Validate());
        services.AddValidated<UiOptions>(UiOptions.Section, _ => []);
        services.AddValidated<AuthOptions>(AuthOptions.Section, o => o.Validate());
        services.AddValidated<AdminOptions>(AdminOptions.Section, o => o.Validate());
        services.AddValidated<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
        services.AddValidated<SecurityOptions>(SecurityOptions.Section, o => o.Validate());
        services.AddValidated<IngestionOptions>(IngestionOptions.Section, o => o.Validate());
        services.AddValidated<KnowledgeAnswerOptions>(KnowledgeAnswerOptions.Section, o => o.Validate());
        services.AddValidated<LeadOptions>(LeadOptions.Section, o => o.Validate());
        services.AddValidated<SummaryOptions>(SummaryOptions.Section, o => o.Validate());
        services.AddValidated<ProfileLearningOptions>(ProfileLearningOptions.Section, o => o.Validate());
        services.AddValidated<VoiceOptions>(VoiceOptions.Section, o => o.Validate());
        services.PostConfigure<VoiceOptions>(o =>
        {
            o.Stt.ApiKey = o.Stt.ApiKey is { Length: > 0 } stt ? stt : Environment.GetEnvironmentVariable("OPENAI_API_KEY");
            o.Tts.ApiKey = o.Tts.ApiKey is { Length: > 0 } tts ? tts
                : Environment.GetEnvironmentVariable(o.Tts.Provider == VoiceProviders.ElevenLabs ? "ELEVENLABS_API_KEY" : "OPENAI_API_KEY");
            o.Tts.VoiceId = o.Tts.VoiceId is { Length: > 0 } voice ? voice : Environment.GetEnvironmentVariable("ELEVENLABS_VOICE_ID");
        });
        services.AddValidated<AvatarOptions>(AvatarOptions.Section, o => o.Validate());
        services.PostConfigure<AvatarOptions>(o =>
        {
            o.ApiKey = o.ApiKey is { Length: > 0 } key ? key : Environment.GetEnvironmentVariable("HEYGEN_API_KEY");
            o.AvatarId = o.AvatarId is { Length: > 0 } id ? id : Environment.GetEnvironmentVariable("HEYGEN_AVATAR_ID");
        });
        services.AddValidated<TrainingOptions>(TrainingOptions.Section, o => o.Validate());
        return services;
    }

    private static void AddValidated<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new DelegateValidator<T>(validate));
    }

    private sealed class DelegateValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
