using SalesMate.Core.Entities;
using SalesMate.Services.Auth;

namespace SalesMate.Api.Models;

public sealed record SignupRequest(string? Email, string? Password, string? DisplayName);

public sealed record SignupVerifyRequest(string? Email, string? Code);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record LogoutRequest(string? RefreshToken);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record UpdateProfileRequest(
    string? DisplayName, decimal? BudgetMin, decimal? BudgetMax, string? Currency,
    List<string>? Categories, List<string>? KeyFeatures, List<string>? ShoppingPreferences,
    List<Services.Profiles.LearnedFactInput>? LearnedFacts = null);

/// <summary>The one answer to every sign-up, whether or not the email already has an account.</summary>
public sealed record SignupAcceptedResponse(string Status, string Message);

public sealed record AccountResponse(Guid Id, Guid TenantId, string Email, string? DisplayName, string Role, bool EmailVerified,
    DateTime CreatedAt)
{
    public static AccountResponse From(User u) => new(u.Id, u.TenantId, u.Email, u.DisplayName, u.Role, u.EmailVerifiedAt is not null, u.CreatedAt);
}

public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, DateTime ExpiresAt, string RefreshToken, DateTime RefreshExpiresAt,
    AccountResponse User)
{
    public static TokenResponse From(SignedIn s, DateTime now) => new(
        s.AccessToken, "Bearer", (int)Math.Max(0, (s.AccessTokenExpiresAt - now).TotalSeconds), s.AccessTokenExpiresAt,
        s.RefreshToken, s.Session.ExpiresAt, AccountResponse.From(s.User));
}

/// <summary>GET /api/v1/auth/me: who the token is, and which session it belongs to.</summary>
public sealed record MeResponse(AccountResponse User, Guid SessionId, DateTime SessionExpiresAt);

public sealed record ProfileResponse(
    decimal? BudgetMin, decimal? BudgetMax, string Currency, IReadOnlyList<string> Categories, IReadOnlyList<string> KeyFeatures,
    IReadOnlyList<string> ShoppingPreferences, DateTime? UpdatedAt)
{
    public static ProfileResponse From(UserProfile? p, string defaultCurrency) => p is null
        ? new ProfileResponse(null, null, defaultCurrency, [], [], [], null)
        : new ProfileResponse(p.BudgetMin, p.BudgetMax, p.Currency, p.Categories, p.KeyFeatures, p.Preferences, p.UpdatedAt);
}

/// <summary><see cref="LearnedFacts"/>: what the assistant learned in chats (GET/PUT /users/profile); null on /users/me.</summary>
public sealed record UserMeResponse(AccountResponse User, ProfileResponse Profile, IReadOnlyList<LearnedFactResponse>? LearnedFacts = null);
