using System.Security.Cryptography;
using System.Text;
using SalesMate.Core.Entities;
using SalesMate.Services.Auth;

namespace SalesMate.Services.Otp;

/// <summary>
/// Keyed hashes of one-time codes. A plain SHA-256 of six digits is reversed by trying all million codes; an HMAC under
/// a server secret (derived from the token signing key, so every instance shares it) is not. The hash also covers the
/// code's row id, email, purpose and session, so a stored hash is useless anywhere else.
/// </summary>
public sealed class OtpCodeHasher(SigningKey signingKey)
{
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.Key.Key, 32, info: "salesmate/otp-code/v1"u8.ToArray());

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsWellFormed(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);

    public string Hash(OtpLink link, string code) => Convert.ToHexStringLower(Mac(link, code));

    public bool Matches(OtpLink link, string code) =>
        CryptographicOperations.FixedTimeEquals(Mac(link, code), Convert.FromHexString(link.OtpHash));

    private byte[] Mac(OtpLink link, string code) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{link.Id:N}|{link.Email}|{link.Purpose}|{link.SessionId:N}|{code}"));
}
