namespace SalesMate.Services.Otp;

/// <summary>What a one-time code may be used for; a code only works for the purpose it was sent for.</summary>
public static class OtpPurposes
{
    public const string LinkSession = "link_session";
    public const string DeleteData = "delete_data";
    public const string Export = "export";
    public const string VerifyEmail = "verify_email";

    public static readonly IReadOnlyList<string> All = [LinkSession, DeleteData, Export, VerifyEmail];

    /// <summary>Every purpose but <see cref="VerifyEmail"/> is bound to the chat session that asked for the code.</summary>
    public static bool NeedsSession(string purpose) => purpose != VerifyEmail;
}
