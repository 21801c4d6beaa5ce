using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Streaming;

/// <summary>
/// Stream ids handed to clients are "{id}.{hmac}", the HMAC binding the stream to the caller's session, so ids can
/// neither be guessed nor used from another session.
/// </summary>
public sealed class StreamTokens(IOptions<StreamingOptions> options)
{
    private readonly byte[] _key = options.Value.SigningKey is { Length: > 0 } key
        ? Encoding.UTF8.GetBytes(key)
        : RandomNumberGenerator.GetBytes(32);

    public string Sign(Guid streamId, Guid sessionId) => $"{streamId:N}.{Mac(streamId, sessionId)}";

    public Guid? Verify(string? token, Guid sessionId)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var streamId))
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Mac(streamId, sessionId));
        var given = Encoding.ASCII.GetBytes(parts[1]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? streamId : null;
    }

    private string Mac(Guid streamId, Guid sessionId)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{streamId:N}:{sessionId:N}"));
        return Convert.ToBase64String(mac, 0, 18).Replace('+', '-').Replace('/', '_');
    }
}
