using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Services.Auth;
using SalesMate.Services.Conversations;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/auth: sign-up with email verification, sign-in, token refresh, logout, current account, password change.</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/signup", Signup).WithName("Signup");
        group.MapPost("/signup/verify", VerifySignup).WithName("VerifySignup");
        group.MapPost("/login", Login).WithName("Login");
        group.MapPost("/refresh", Refresh).WithName("RefreshTokens");
        group.MapPost("/logout", Logout).WithName("Logout");
        group.MapGet("/me", Me).WithName("CurrentAccount").RequireAuthorization(AuthPolicies.SignedIn);
        group.MapPost("/password", ChangePassword).WithName("ChangePassword").RequireAuthorization(AuthPolicies.SignedIn);
        return group;
    }

    public static async Task<Accepted<SignupAcceptedResponse>> Signup(SignupRequest request, HttpContext http, SignupService signup,
        CancellationToken cancellationToken)
    {
        await signup.SignupAsync(request.Email, request.Password, request.DisplayName, Ip(http), cancellationToken);
        return TypedResults.Accepted((string?)null, new SignupAcceptedResponse("verification_pending", SignupService.AcceptedMessage));
    }

    public static async Task<Ok<TokenResponse>> VerifySignup(SignupVerifyRequest request, HttpContext http, SignupService signup,
        SessionManager chatSessions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var signedIn = await signup.VerifyAsync(request.Email, request.Code, await ClientAsync(http, chatSessions, cancellationToken), cancellationToken);
        return TypedResults.Ok(TokenResponse.From(signedIn, clock.GetUtcNow().UtcDateTime));
    }

    public static async Task<Ok<TokenResponse>> Login(LoginRequest request, HttpContext http, AuthService auth, SessionManager chatSessions,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var signedIn = await auth.LoginAsync(request.Email, request.Password, await ClientAsync(http, chatSessions, cancellationToken), cancellationToken);
        return TypedResults.Ok(TokenResponse.From(signedIn, clock.GetUtcNow().UtcDateTime));
    }

    public static async Task<Ok<TokenResponse>> Refresh(RefreshRequest request, AuthService auth, TimeProvider clock, CancellationToken cancellationToken)
    {
        var signedIn = await auth.RefreshAsync(request.RefreshToken, cancellationToken);
        return TypedResults.Ok(TokenResponse.From(signedIn, clock.GetUtcNow().UtcDateTime));
    }

    public static async Task<NoContent> Logout(LogoutRequest? request, ClaimsPrincipal user, AuthService auth, CancellationToken cancellationToken)
    {
        await auth.LogoutAsync(user, request?.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<MeResponse>> Me(ClaimsPrincipal user, AuthService auth, CancellationToken cancellationToken)
    {
        var (account, session) = await auth.CurrentAsync(user, cancellationToken);
        return TypedResults.Ok(new MeResponse(AccountResponse.From(account), session.Id, session.ExpiresAt));
    }

    public static async Task<Ok<TokenResponse>> ChangePassword(ChangePasswordRequest request, ClaimsPrincipal user, HttpContext http,
        AuthService auth, TimeProvider clock, CancellationToken cancellationToken)
    {
        var signedIn = await auth.ChangePasswordAsync(user.RequiredUserId(), request.CurrentPassword, request.NewPassword,
            new ClientInfo(Ip(http), UserAgent(http), null), cancellationToken);
        return TypedResults.Ok(TokenResponse.From(signedIn, clock.GetUtcNow().UtcDateTime));
    }

    private static async Task<ClientInfo> ClientAsync(HttpContext http, SessionManager chatSessions, CancellationToken cancellationToken) =>
        new(Ip(http), UserAgent(http), await chatSessions.FindAsync(SessionManager.TokenFrom(http), cancellationToken));

    private static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.FirstOrDefault();
}
