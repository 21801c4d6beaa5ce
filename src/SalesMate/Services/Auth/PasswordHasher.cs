using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Auth;

public enum PasswordCheck { Failed, Success, SuccessRehashNeeded }

/// <summary>
/// PBKDF2-HMAC-SHA512 password hashes in a self-describing format, <c>$pbkdf2-sha512$v=1$i=ITERATIONS$SALT$HASH</c>
/// (salt and hash base64), so the iteration count (auth.password_iterations) can be raised later: hashes below the
/// current settings are reported as <see cref="PasswordCheck.SuccessRehashNeeded"/> and replaced at the next sign-in.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const string Algorithm = "pbkdf2-sha512";
    private const int Version = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 64;

    private readonly Lazy<string> _dummyHash = new(() => Create("timing-equaliser-" + Guid.NewGuid(), options.Value.PasswordIterations));

    private int Iterations => options.Value.PasswordIterations;

    public string Hash(string password) => Create(password, Iterations);

    public PasswordCheck Verify(string? storedHash, string password)
    {
        if (storedHash is null || !TryParse(storedHash, out var version, out var iterations, out var salt, out var expected))
        {
            BurnTime(password);
            return PasswordCheck.Failed;
        }
        var actual = Derive(password, salt, iterations, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordCheck.Failed;
        }
        return version < Version || iterations < Iterations || salt.Length < SaltBytes || expected.Length < HashBytes
            ? PasswordCheck.SuccessRehashNeeded
            : PasswordCheck.Success;
    }

    /// <summary>Does the work of one verification, so answering for an unknown email takes as long as for a known one.</summary>
    public void BurnTime(string password)
    {
        _ = TryParse(_dummyHash.Value, out _, out var iterations, out var salt, out var expected);
        _ = CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations, expected.Length), expected);
    }

    private static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations, HashBytes);
        return $"${Algorithm}$v={Version}$i={iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, length);

    private static bool TryParse(string stored, out int version, out int iterations, out byte[] salt, out byte[] hash)
    {
        (version, iterations, salt, hash) = (0, 0, [], []);
        var parts = stored.Split('$');
        if (parts is not ["", Algorithm, var v, var i, var s, var h]
            || !v.StartsWith("v=", StringComparison.Ordinal) || !int.TryParse(v[2..], CultureInfo.InvariantCulture, out version)
            || !i.StartsWith("i=", StringComparison.Ordinal) || !int.TryParse(i[2..], CultureInfo.InvariantCulture, out iterations)
            || iterations < 1)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(s);
            hash = Convert.FromBase64String(h);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length > 0 && hash.Length > 0;
    }
}
