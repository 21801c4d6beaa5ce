using System.Security.Cryptography;

namespace SalesMate.Bench;

/// <summary>
/// Settings every benchmarked app instance gets: the rate limiter still runs on every request (its cost is part of
/// the platform) but with limits no benchmark reaches, and keys, credentials and emails go to a temp folder instead of
/// the repository's var/.
/// </summary>
internal static class BenchAppSettings
{
    public static string[] Common()
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"salesmate-bench-{Guid.NewGuid():N}");
        return
        [
            .. new[] { "ip", "user", "chat", "voice", "auth" }.Select(rule => $"--rate_limits:{rule}:limit=100000000"),
            $"--auth:jwt_secret={Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}",
            $"--admin:credentials_file={Path.Combine(scratch, "admin-credentials.txt")}",
            $"--security:data_protection_keys_dir={Path.Combine(scratch, "keys")}",
            $"--email:outbox_dir={Path.Combine(scratch, "outbox")}",
        ];
    }
}
