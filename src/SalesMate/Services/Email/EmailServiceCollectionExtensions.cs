using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>The transport named by <c>email.provider</c> (outbox unless configured), chosen once, and the recording sender.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddHttpClient(MailgunEmailTransport.HttpClientName, (sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<EmailOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<IEmailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Provider switch
        {
            EmailProviders.Mailgun => ActivatorUtilities.CreateInstance<MailgunEmailTransport>(sp),
            EmailProviders.Smtp => ActivatorUtilities.CreateInstance<SmtpEmailTransport>(sp),
            _ => ActivatorUtilities.CreateInstance<OutboxEmailTransport>(sp),
        });
        services.AddScoped<EmailSender>();
        return services;
    }
}
