using SalesMate.Services.Email;

namespace SalesMate.Services.Otp;

/// <summary>The text of a code email; the copy kept in email_events has the code replaced.</summary>
internal static class OtpEmail
{
    private const string Redacted = "[code removed]";

    public static EmailMessage Compose(string appName, string to, string purpose, string code, int ttlMinutes, Guid? sessionId)
    {
        var (subject, action) = purpose switch
        {
            OtpPurposes.LinkSession => ($"Your {appName} code to link your chats", "link this chat to your email address"),
            OtpPurposes.DeleteData => ($"Your {appName} code to delete your data", "confirm that all data stored for this address is deleted"),
            OtpPurposes.Export => ($"Your {appName} code to export your data", "confirm the export of all data stored for this address"),
            _ => ($"Your {appName} verification code", "verify this email address"),
        };
        string Body(string shown) =>
            $"Your code is {shown}.\n\nEnter it to {action}. It is valid for {ttlMinutes} minutes and can be used once.\n\n" +
            "If you did not ask for it, ignore this email: nothing happens without the code.\n";
        return new EmailMessage(to, subject, Body(code), EmailKinds.Otp) { SessionId = sessionId, StoredText = Body(Redacted) };
    }
}
