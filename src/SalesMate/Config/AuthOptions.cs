using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>auth</c>: account tokens and password hashing.</summary>
public sealed class AuthOptions
{
    public const string Section = "auth";
    public const int MinimumPasswordIterations = 220_000;

    /// <summary>HS256 signing key (at least 32 bytes). Empty: a random key is generated once into <see cref="JwtSecretFile"/>.</summary>
    [ConfigurationKeyName("jwt_secret")]
    public string? JwtSecret { get; set; }

    /// <summary>Where the generated key is kept when <c>auth.jwt_secret</c> is not set (every instance must share it).</summary>
    [ConfigurationKeyName("jwt_secret_file")]
    public string JwtSecretFile { get; set; } = "var/jwt-secret.key";

    public string Issuer { get; set; } = "salesmate";
    public string Audience { get; set; } = "salesmate-api";

    [ConfigurationKeyName("access_token_minutes")]
    public int AccessTokenMinutes { get; set; } = 15;

    [ConfigurationKeyName("refresh_token_days")]
    public int RefreshTokenDays { get; set; } = 7;

    [ConfigurationKeyName("clock_skew_seconds")]
    public int ClockSkewSeconds { get; set; } = 5;

    /// <summary>PBKDF2-HMAC-SHA512 iterations for new hashes; older hashes are upgraded at the next sign-in.</summary>
    [ConfigurationKeyName("password_iterations")]
    public int PasswordIterations { get; set; } = MinimumPasswordIterations;

    internal IEnumerable<string> Validate()
    {
        if (JwtSecret is { Length: > 0 } secret && System.Text.Encoding.UTF8.GetByteCount(secret) < 32)
        {
            yield return "auth.jwt_secret must be at least 32 bytes long (use e.g. `openssl rand -base64 48`).";
        }
        if (string.IsNullOrWhiteSpace(JwtSecret) && string.IsNullOrWhiteSpace(JwtSecretFile))
        {
            yield return "auth.jwt_secret_file must be set when auth.jwt_secret is empty.";
        }
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
        {
            yield return "auth.issuer and auth.audience must not be empty.";
        }
        if (AccessTokenMinutes is < 1 or > 1440)
        {
            yield return $"auth.access_token_minutes must be between 1 and 1440; got {AccessTokenMinutes}.";
        }
        if (RefreshTokenDays is < 1 or > 90)
        {
            yield return $"auth.refresh_token_days must be between 1 and 90; got {RefreshTokenDays}.";
        }
        if (ClockSkewSeconds is < 0 or > 60)
        {
            yield return $"auth.clock_skew_seconds must be between 0 and 60; got {ClockSkewSeconds}.";
        }
        if (PasswordIterations < MinimumPasswordIterations)
        {
            yield return $"auth.password_iterations must be at least {MinimumPasswordIterations} (OWASP, PBKDF2-HMAC-SHA512); got {PasswordIterations}.";
        }
    }
}

/// <summary>Section <c>admin</c>: the first super_admin (ADMIN__EMAIL / ADMIN__PASSWORD), created idempotently at start-up.</summary>
public sealed class AdminOptions
{
    public const string Section = "admin";
    public string? Email { get; set; }
    public string? Password { get; set; }

    /// <summary>Where a generated demo admin password is written (mode 600) when no admin is configured.</summary>
    [ConfigurationKeyName("credentials_file")]
    public string CredentialsFile { get; set; } = "var/admin-credentials.txt";

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Email) != string.IsNullOrWhiteSpace(Password))
        {
            yield return "admin.email and admin.password (ADMIN__EMAIL, ADMIN__PASSWORD) must be set together.";
        }
        if (Email is { Length: > 0 } email && !email.Contains('@'))
        {
            yield return $"admin.email must be an email address; got '{email}'.";
        }
    }
}
