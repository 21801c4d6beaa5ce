using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;
using SalesMate.Core;

namespace SalesMate.Services.Auth;

/// <summary>Account emails are compared and stored trimmed and lower-cased, so one mailbox is one account.</summary>
public static class EmailAddress
{
    public const int MaximumLength = 254;

    /// <summary>The normalized address, or a 400 naming <paramref name="field"/>.</summary>
    public static string Normalize(string? email, string field = "email")
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            throw new RequestValidationException(field, "An email address is required.");
        }
        return TryNormalize(email, out var normalized)
            ? normalized
            : throw new RequestValidationException(field, "This is not a valid email address (expected e.g. name@example.com).");
    }

    public static bool TryNormalize(string? email, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var trimmed = email?.Trim() ?? "";
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (trimmed.Length is 0 or > MaximumLength || at < 1 || !trimmed[(at + 1)..].Contains('.', StringComparison.Ordinal)
            || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || parsed.DisplayName.Length > 0)
        {
            return false;
        }
        normalized = trimmed.ToLowerInvariant();
        return true;
    }
}
