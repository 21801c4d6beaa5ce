using System.Text;
using System.Text.RegularExpressions;

namespace SalesMate.Tests.Identity;

/// <summary>Reads the .eml files the default outbox transport writes, the way a person would read the mail.</summary>
public sealed partial class Outbox(string directory)
{
    public string Directory { get; } = directory;

    public IReadOnlyList<OutboxMail> All() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.eml").Select(f => OutboxMail.Parse(File.ReadAllText(f))).OrderBy(m => m.MessageId, StringComparer.Ordinal).ToList()
            : [];

    public IReadOnlyList<OutboxMail> To(string email) =>
        All().Where(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The 6-digit code of the newest mail to this address.</summary>
    public string LatestCode(string email)
    {
        var mails = To(email);
        var mail = mails.Count > 0 ? mails[^1] : throw new InvalidOperationException($"No mail to {email} in {Directory}.");
        return Code().Match(mail.Body) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No code in: {mail.Body}");
    }

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex Code();
}

public sealed record OutboxMail(IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string To => Headers.GetValueOrDefault("To", "");
    public string From => Headers.GetValueOrDefault("From", "");
    public string Subject => Headers.GetValueOrDefault("Subject", "");
    public string MessageId => Headers.GetValueOrDefault("Message-ID", "");

    /// <summary>A minimal RFC 5322 / MIME reader: unfolded headers, a single text part in 7bit, quoted-printable or base64.</summary>
    public static OutboxMail Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = raw[..split].Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in headerText.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = DecodeWords(line[(colon + 1)..].Trim());
            }
        }
        var body = raw[(split + 4)..];
        var encoding = headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").ToLowerInvariant();
        body = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n")))),
            "quoted-printable" => QuotedPrintable(body),
            _ => body,
        };
        return new OutboxMail(headers, body);
    }

    private static string QuotedPrintable(string text)
    {
        var joined = text.Replace("=\r\n", "", StringComparison.Ordinal);
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?...?= / =?utf-8?Q?...?=) as System.Net.Mail writes UTF-8 subjects.</summary>
    private static string DecodeWords(string value) =>
        Regex.Replace(value, @"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*", m => m.Groups[2].Value.ToUpperInvariant() == "B"
            ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));
}
