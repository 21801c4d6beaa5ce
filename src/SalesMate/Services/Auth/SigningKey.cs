using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SalesMate.Config;

namespace SalesMate.Services.Auth;

/// <summary>
/// The HS256 key for access tokens: <c>auth.jwt_secret</c>, or a random key generated once into
/// <c>auth.jwt_secret_file</c> (mode 600) so a no-config install still signs tokens that survive restarts.
/// </summary>
public sealed class SigningKey
{
    public SigningKey(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        var secret = string.IsNullOrWhiteSpace(auth.JwtSecret) ? LoadOrCreate(auth.JwtSecretFile) : Encoding.UTF8.GetBytes(auth.JwtSecret);
        Key = new SymmetricSecurityKey(secret) { KeyId = Convert.ToHexStringLower(SHA256.HashData(secret))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string file)
    {
        var path = Path.GetFullPath(file);
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length >= 32)
            {
                return existing;
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException)
        {
            // Another instance created it first: everyone must use the same key.
            File.Delete(temp);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
