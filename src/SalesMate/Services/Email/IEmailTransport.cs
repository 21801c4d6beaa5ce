namespace SalesMate.Services.Email;

/// <summary>One way of handing a message to the world (outbox folder, Mailgun, SMTP); chosen once by <c>email.provider</c>.</summary>
public interface IEmailTransport
{
    /// <summary>The provider name recorded in email_events.provider.</summary>
    string Name { get; }

    /// <summary>Hands the message over; throws <see cref="EmailDeliveryException"/> when the provider refuses it or cannot be reached.</summary>
    Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>What the provider answered: its id for the message and its raw response (for email_events).</summary>
public sealed record EmailDelivery(string? ProviderMessageId, string? ProviderResponse);

/// <summary>The provider did not take the message; <see cref="Exception.Message"/> says why in plain words.</summary>
public sealed class EmailDeliveryException(string message, string? providerResponse = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string? ProviderResponse { get; } = providerResponse;
}
