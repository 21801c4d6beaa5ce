using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SalesMate.Config;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Auth;

/// <summary>Issues access tokens (JWT, HS256, typ at+jwt) and the parameters every request's token is checked against.</summary>
public sealed class AccessTokens(SigningKey key, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string TokenType = "at+jwt";
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.AccessTokenMinutes);

    public (string Token, DateTime ExpiresAt) Issue(User user, Guid sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + Lifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            TokenType = TokenType,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [UserClaims.UserId] = user.Id.ToString(),
                [UserClaims.TenantId] = user.TenantId.ToString(),
                [UserClaims.Role] = user.Role,
                [UserClaims.SessionId] = sessionId.ToString(),
                [UserClaims.Email] = user.Email,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        });
        return (token, expires);
    }

    /// <summary>Only HS256 with our key, our issuer and audience, an at+jwt header, and a lifetime checked with near-zero skew.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidTypes = [TokenType],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(options.Value.ClockSkewSeconds),
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return expires is { } end && now <= end.ToUniversalTime() + parameters.ClockSkew
                && (notBefore is not { } start || now >= start.ToUniversalTime() - parameters.ClockSkew);
        },
        NameClaimType = UserClaims.Email,
        RoleClaimType = UserClaims.Role,
    };
}
