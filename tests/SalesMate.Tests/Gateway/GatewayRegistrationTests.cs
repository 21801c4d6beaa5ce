using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Tests.Gateway;

/// <summary>Provider selection, default endpoints and the validation of the new llm.* settings.</summary>
public sealed class GatewayRegistrationTests
{
    [Theory]
    [InlineData("openai", "https://api.openai.com/v1")]
    [InlineData("openrouter", "https://openrouter.ai/api/v1")]
    [InlineData("ollama", "http://localhost:11434/v1")]
    public void Each_provider_has_its_default_base_url(string provider, string expected)
    {
        var settings = LlmProviderSettings.From(new LlmOptions { Provider = provider, Model = "m", ApiKey = "k" });

        settings.BaseUrl.Should().Be(new Uri(expected));
        settings.Provider.Should().Be(provider);
    }

    [Fact]
    public void Base_url_overrides_the_default_and_the_key_never_shows_in_text()
    {
        var settings = LlmProviderSettings.From(new LlmOptions
        {
            Provider = "openai", Model = "gpt-4o-mini", ApiKey = "sk-secret-value-123", BaseUrl = "https://proxy.example/v1",
        });

        settings.BaseUrl.Should().Be(new Uri("https://proxy.example/v1"));
        settings.ToString().Should().NotContain("sk-secret-value-123").And.Contain("key set");
    }

    [Fact]
    public void Local_provider_registers_no_chat_client()
    {
        using var services = Build(new() { ["llm:provider"] = "local" });

        services.GetService<IChatClient>().Should().BeNull();
    }

    [Fact]
    public void Hosted_provider_gets_accounting_around_resilience_around_the_adapter()
    {
        using var services = Build(new() { ["llm:provider"] = "ollama", ["llm:model"] = "llama3.2" });

        var client = services.GetRequiredService<IChatClient>();

        client.Should().BeOfType<AccountingChatClient>();
        client.GetService<ResilientChatClient>().Should().NotBeNull();
        client.GetService<OpenAIChatClient>().Should().NotBeNull();
        client.GetService<ChatClientMetadata>()!.ProviderUri.Should().Be(new Uri("http://localhost:11434/v1"));
        services.GetRequiredService<IChatClient>().Should().BeSameAs(client, "the provider is chosen once");
    }

    [Theory]
    [InlineData("openai-compatible", null, "llm.base_url is required when llm.provider is openai-compatible")]
    [InlineData("openai", null, "llm.api_key is required when llm.provider is openai (or set OPENAI_API_KEY)")]
    [InlineData("openrouter", null, "(or set OPENROUTER_API_KEY)")]
    [InlineData("ollama", "llm:idle_timeout_seconds=0", "llm.idle_timeout_seconds must be between")]
    [InlineData("ollama", "llm:first_token_timeout_seconds=-1", "llm.first_token_timeout_seconds must be between")]
    [InlineData("ollama", "llm:max_retries=11", "llm.max_retries must be between 0 and 10; got 11")]
    [InlineData("ollama", "llm:circuit_breaker:failure_ratio=1.5", "llm.circuit_breaker.failure_ratio must be")]
    [InlineData("ollama", "llm:circuit_breaker:break_duration_seconds=0.1", "llm.circuit_breaker.break_duration_seconds must be between 0.5")]
    [InlineData("ollama", "llm:prices:gpt-x:prompt_per_million=-1", "llm.prices.gpt-x.prompt_per_million must be between 0 and 10000")]
    [InlineData("ollama", "llm:model=salesmate-local", "llm.model must name a model of the ollama provider")]
    public void Invalid_settings_name_the_key(string provider, string? extra, string message)
    {
        var values = new Dictionary<string, string?> { ["llm:provider"] = provider, ["llm:model"] = "m" };
        if (extra is not null)
        {
            var parts = extra.Split('=', 2);
            values[parts[0]] = parts[1];
        }
        using var services = Build(values);

        var act = () => services.GetRequiredService<IOptions<LlmOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Prices_bind_by_model_and_match_case_insensitively_and_by_prefix()
    {
        using var services = Build(new()
        {
            ["llm:provider"] = "ollama", ["llm:model"] = "m",
            ["llm:prices:gpt-4o-mini:prompt_per_million"] = "0.15",
            ["llm:prices:gpt-4o-mini:completion_per_million"] = "0.60",
            ["llm:prices:gpt-4o:prompt_per_million"] = "2.50",
        });

        var table = services.GetRequiredService<LlmPriceTable>();

        table.Find("GPT-4o-mini")!.CompletionPerMillion.Should().Be(0.60m);
        table.Find("gpt-4o-mini-2024-07-18")!.PromptPerMillion.Should().Be(0.15m, "the longest matching prefix wins");
        table.Find("gpt-4o-2024-08-06")!.PromptPerMillion.Should().Be(2.50m);
        table.Find("claude-3")!.Should().BeNull();
        LlmPriceTable.Cost(table.Find("gpt-4o-mini")!, 1_000_000, 500_000).Should().Be(0.45m);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddSalesMateCore();
        services.AddLlmGateway();
        return services.BuildServiceProvider();
    }
}
