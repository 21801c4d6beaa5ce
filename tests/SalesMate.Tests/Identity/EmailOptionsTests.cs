using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Tests.Identity;

/// <summary>Email settings are checked at start-up, and a bad value names the setting to fix.</summary>
public sealed class EmailOptionsTests
{
    private static EmailOptions Read(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSalesMateOptions().BuildServiceProvider();
        return services.GetRequiredService<IOptions<EmailOptions>>().Value;
    }

    [Fact]
    public void The_default_is_the_outbox_and_needs_no_keys()
    {
        var options = Read([]);
        options.Provider.Should().Be("outbox");
        options.OutboxDir.Should().Be("var/outbox");
        options.Mailgun.BaseUrl.Should().Be("https://api.mailgun.net");
    }

    [Theory]
    [InlineData("mailgun", null, "email.mailgun.api_key", "email.mailgun.domain")]
    [InlineData("smtp", null, "email.smtp.host", null)]
    [InlineData("sendgrid", null, "email.provider must be one of outbox, mailgun, smtp", null)]
    [InlineData("outbox", "not an address", "email.from", null)]
    public void Missing_or_wrong_settings_are_named(string provider, string? from, string expected, string? alsoExpected)
    {
        var settings = new Dictionary<string, string?> { ["email:provider"] = provider };
        if (from is not null)
        {
            settings["email:from"] = from;
        }
        var read = () => Read(settings);
        var message = read.Should().Throw<OptionsValidationException>().Which.Message;
        message.Should().Contain(expected);
        if (alsoExpected is not null)
        {
            message.Should().Contain(alsoExpected);
        }
    }
}
