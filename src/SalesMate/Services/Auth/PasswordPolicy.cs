using System.Collections.Frozen;
using System.Reflection;
using SalesMate.Core;

namespace SalesMate.Services.Auth;

/// <summary>
/// NIST SP 800-63B style rules: 8 to 128 characters (Unicode code points), not one of the 10,000 most common passwords
/// (embedded list from SecLists, see Resources/common-passwords.txt) and not the account's email address. No
/// composition rules. A broken rule is a 400 naming the field and the rule.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 128;
    private const string ResourceName = "auth/common-passwords.txt";

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommonPasswords);

    public static int CommonPasswordCount => Common.Value.Count;

    /// <summary>Throws <see cref="RequestValidationException"/> for <paramref name="field"/> when the password breaks a rule.</summary>
    public void Check(string? password, string field, string? email = null)
    {
        if (Problem(password, email) is { } problem)
        {
            throw new RequestValidationException(field, problem);
        }
    }

    private static string? Problem(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }
        var length = password.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            return $"The password is too short: use at least {MinimumLength} characters (got {length}).";
        }
        if (length > MaximumLength)
        {
            return $"The password is too long: use at most {MaximumLength} characters (got {length}).";
        }
        if (Common.Value.Contains(password.ToLowerInvariant()))
        {
            return "This password is on the list of the most common passwords and easy to guess; choose another one.";
        }
        if (email is { Length: > 0 } && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be your email address.";
        }
        return null;
    }

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                passwords.Add(line.ToLowerInvariant());
            }
        }
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
