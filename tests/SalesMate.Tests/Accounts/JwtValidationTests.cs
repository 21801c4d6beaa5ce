using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>Forged, altered and expired access tokens are refused; a correctly crafted one proves the forgeries are otherwise valid.</summary>
public abstract class JwtValidationTests(AccountsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<Dictionary<string, object>> RealClaimsAsync()
    {
        var email = AccountsTestKit.NewEmail("jwt");
        await fixture.CreateUserAsync(email);
        var token = new JsonWebToken((await Client.LoginAsync(email)).AccessToken);
        return new[] { "sub", "tid", "role", "sid", "email", "jti" }.ToDictionary(c => c, c => (object)token.GetClaim(c).Value);
    }

    private string Craft(Dictionary<string, object> claims, string? key = null, string issuer = "salesmate", string audience = "salesmate-api",
        string type = "at+jwt", string algorithm = SecurityAlgorithms.HmacSha256, TimeSpan? expiresIn = null)
    {
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            TokenType = type,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key ?? fixture.Factory.JwtSecret)), algorithm),
            Claims = claims,
        });
    }

    [Fact]
    public async Task A_token_crafted_with_the_apps_key_and_settings_is_accepted()
    {
        (await Client.MeStatusAsync(Craft(await RealClaimsAsync()))).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Alg_none_is_rejected()
    {
        var claims = await RealClaimsAsync();
        var exp = fixture.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        var payload = new JsonObject { ["iss"] = "salesmate", ["aud"] = "salesmate-api", ["exp"] = exp, ["nbf"] = exp - 900 };
        foreach (var (name, value) in claims)
        {
            payload[name] = (string)value;
        }
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""")}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";

        (await Client.MeStatusAsync(unsigned)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_key_wrong_algorithm_wrong_issuer_audience_and_type_are_rejected()
    {
        var claims = await RealClaimsAsync();
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

        (await Client.MeStatusAsync(Craft(claims, key: otherKey))).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(Craft(claims, algorithm: SecurityAlgorithms.HmacSha512))).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(Craft(claims, issuer: "someone-else"))).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(Craft(claims, audience: "another-api"))).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(Craft(claims, type: "JWT"))).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_tokens_are_rejected()
    {
        var claims = await RealClaimsAsync();
        (await Client.MeStatusAsync(Craft(claims, expiresIn: TimeSpan.FromMinutes(-1)))).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tampered_claims_break_the_signature()
    {
        var email = AccountsTestKit.NewEmail("tamper");
        await fixture.CreateUserAsync(email);
        var token = (await Client.LoginAsync(email)).AccessToken;
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["role"] = "super_admin";
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        (await Client.MeStatusAsync(token)).Should().Be(HttpStatusCode.OK);
        (await Client.MeStatusAsync(tampered)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_validly_signed_token_for_a_session_that_does_not_exist_is_rejected()
    {
        var claims = await RealClaimsAsync();
        claims["sid"] = Guid.NewGuid().ToString();
        (await Client.MeStatusAsync(Craft(claims))).Should().Be(HttpStatusCode.Unauthorized);
    }
}

[Collection("sqlite")]
public sealed class SqliteJwtValidationTests(SqliteAccountsFixture fixture) : JwtValidationTests(fixture), IClassFixture<SqliteAccountsFixture>;

[Collection("postgres")]
public sealed class PostgresJwtValidationTests(PostgresAccountsFixture fixture) : JwtValidationTests(fixture), IClassFixture<PostgresAccountsFixture>;
