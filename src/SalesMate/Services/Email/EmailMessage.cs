namespace SalesMate.Services.Email;

/// <summary>One email to send. <see cref="StoredText"/>, when set, is what email_events keeps instead of the text (codes removed).</summary>
public sealed record EmailMessage(string To, string Subject, string Text, string Kind)
{
    public string? Html { get; init; }
    public Guid? SessionId { get; init; }
    public string? StoredText { get; init; }
}

/// <summary>Values of email_events.kind.</summary>
public static class EmailKinds
{
    public const string Otp = "otp";
    public const string Summary = "summary";
    public const string Lead = "lead";
}

/// <summary>Values of email_events.status.</summary>
public static class EmailStatuses
{
    public const string Sent = "sent";
    public const string Failed = "failed";
}
