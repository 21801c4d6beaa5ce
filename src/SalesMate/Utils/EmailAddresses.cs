using System.Net.Mail;

namespace SalesMate.Utils;

/// <summary>One spelling per address: trimmed and lower-cased, so lookups, limits and links agree.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    public static string Normalize(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// <summary>A bare address (no display name, no spaces) of at most 254 characters; expects a normalised value.</summary>
    public static bool IsValid(string email) =>
        email.Length is > 2 and <= MaxLength
        && !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Contains('.', StringComparison.Ordinal);
}
