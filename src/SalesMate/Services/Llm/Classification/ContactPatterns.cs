using System.Text.RegularExpressions;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Classification;

/// <summary>E-mail and phone formats: checks for the model's values, and the rules' small extractor.</summary>
internal static partial class ContactPatterns
{
    public const int MinPhoneDigits = 7;
    public const int MaxPhoneDigits = 15; // E.164
    public const int MaxNameLength = 100;

    public static bool IsEmail(string value) => value.Length <= 254 && EmailExact().IsMatch(value);

    public static bool IsPhone(string value) =>
        PhoneExact().IsMatch(value) && Digits(value).Length is >= MinPhoneDigits and <= MaxPhoneDigits;

    public static bool IsName(string value) =>
        value.Length <= MaxNameLength && value.Any(char.IsLetter) && !value.Any(c => char.IsDigit(c) || c is '@');

    public static string Digits(string value) => string.Concat(value.Where(char.IsAsciiDigit));

    /// <summary>
    /// True when the phone number is in the message: its last <see cref="MinPhoneDigits"/> digits appear among the
    /// message's digits, so a country code or punctuation the model added does not matter, but an invented number does.
    /// </summary>
    public static bool PhoneIsIn(string phone, string message)
    {
        var digits = Digits(phone);
        return digits.Length >= MinPhoneDigits && Digits(message).Contains(digits[^MinPhoneDigits..], StringComparison.Ordinal);
    }

    /// <summary>The first e-mail, phone number and "my name is …" in a message; amounts of a stated budget are never a phone.</summary>
    public static ContactDetails Find(string message, string defaultCurrency)
    {
        var email = FindEmail().Match(message) is { Success: true } e ? e.Value : null;
        var budgetSpans = new List<Range>(2);
        BudgetParser.Parse(message, defaultCurrency, budgetSpans);
        string? phone = null;
        foreach (Match match in FindPhone().Matches(message))
        {
            bool inBudget = budgetSpans.Any(span =>
            {
                var (start, length) = span.GetOffsetAndLength(message.Length);
                return match.Index < start + length && start < match.Index + match.Length;
            });
            bool inEmail = email is not null && message.IndexOf(email, StringComparison.Ordinal) is var at && at >= 0
                           && match.Index >= at && match.Index < at + email.Length;
            if (!inBudget && !inEmail && IsPhone(match.Value.Trim()))
            {
                phone = match.Value.Trim();
                break;
            }
        }
        var name = FindName().Match(message) is { Success: true } n ? n.Groups["name"].Value : null;
        return new ContactDetails(name, email, phone);
    }

    /// <summary>
    /// The message without the <paramref name="contact"/> details and the words that label them ("my name is",
    /// "email", "phone"), so "my name is Sam, phone 555-123-4567" is not read as a search for phones.
    /// </summary>
    public static string WithoutContact(string message, ContactDetails contact)
    {
        var text = message;
        foreach (var value in new[] { contact.Email, contact.Phone, contact.Name })
        {
            if (value is { Length: > 0 } && text.IndexOf(value, StringComparison.Ordinal) is var at && at >= 0)
            {
                var label = Label().Match(text[..at]);
                var from = label.Success ? label.Index : at;
                text = string.Concat(text.AsSpan(0, from), " ", text.AsSpan(at + value.Length));
            }
        }
        return text;
    }

    [GeneratedRegex(@"(?i:\b(?:my\s+)?(?:name(?:\s+is)?|i\s*am|im|e-?mail(?:\s+address)?|mail|phone(?:\s+(?:number|no\.?))?|mobile(?:\s+number)?|cell(?:\s+number)?" +
                    @"|tel(?:ephone)?|number|whatsapp|contact)(?:\s+is)?\s*[:=-]?\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailExact();

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex FindEmail();

    [GeneratedRegex(@"^\+?\(?[0-9][0-9 ().-]{4,22}[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneExact();

    [GeneratedRegex(@"(?<![\w+$€£₹.,])\+?\(?\d[\d ().-]{4,22}\d(?![\w%])", RegexOptions.CultureInvariant)]
    private static partial Regex FindPhone();

    [GeneratedRegex(@"(?i:\bmy name is)\s+(?<name>\p{Lu}[\p{L}'-]+(?:\s\p{Lu}[\p{L}'-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex FindName();
}
