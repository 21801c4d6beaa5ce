using SalesMate.Services.Email;

namespace SalesMate.Services.Auth;

/// <summary>What someone gets who signs up with an address that already has an account (instead of a code).</summary>
internal static class AccountNoticeEmail
{
    public const string Kind = "account_notice";

    public static EmailMessage Compose(string appName, string to) => new(
        to,
        $"You already have a {appName} account",
        $"Someone, probably you, just tried to create a {appName} account with this address, but it already has one.\n\n" +
        "Sign in with your password instead. Nothing was changed. If it was not you, you can ignore this email.\n",
        Kind);
}
