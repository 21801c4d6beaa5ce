using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>llm</c>. Issue 2 ships the keyless <c>local</c> responder; hosted providers plug in here.</summary>
public sealed class LlmOptions
{
    public const string Section = "llm";
    public static readonly string[] Providers = ["local", "openai", "openrouter", "ollama", "openai-compatible"];

    public string Provider { get; set; } = "local";
    public string Model { get; set; } = "salesmate-local";

    [ConfigurationKeyName("base_url")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    public double Temperature { get; set; } = 0.3;

    [ConfigurationKeyName("max_tokens")]
    public int MaxTokens { get; set; } = 1024;

    internal IEnumerable<string> Validate()
    {
        if (!Providers.Contains(Provider))
        {
            yield return OptionErrors.NotOneOf("llm.provider", Provider, Providers);
        }
        if (Temperature is < 0 or > 2)
        {
            yield return $"llm.temperature must be between 0 and 2; got {Temperature}.";
        }
        if (MaxTokens is < 1 or > 200_000)
        {
            yield return $"llm.max_tokens must be between 1 and 200000; got {MaxTokens}.";
        }
        if (BaseUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return $"llm.base_url must be an absolute URL; got '{url}'.";
        }
    }
}
