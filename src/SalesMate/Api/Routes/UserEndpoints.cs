using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Services.Auth;
using SalesMate.Services.Users;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/users: the signed-in user's account and shopping profile (seed 000).</summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(AuthPolicies.SignedIn);
        group.MapGet("/me", Me).WithName("CurrentUser");
        group.MapPut("/profile", UpdateProfile).WithName("UpdateProfile");
        return group;
    }

    public static async Task<Ok<UserMeResponse>> Me(ClaimsPrincipal user, UserService users, CancellationToken cancellationToken)
    {
        var (account, profile, currency) = await users.GetAsync(user.RequiredUserId(), cancellationToken);
        return TypedResults.Ok(new UserMeResponse(AccountResponse.From(account), ProfileResponse.From(profile, currency)));
    }

    public static async Task<Ok<UserMeResponse>> UpdateProfile(UpdateProfileRequest request, ClaimsPrincipal user, UserService users,
        CancellationToken cancellationToken)
    {
        var input = new ProfileInput(request.DisplayName, request.BudgetMin, request.BudgetMax, request.Currency,
            request.Categories, request.KeyFeatures, request.ShoppingPreferences);
        var (account, profile) = await users.UpdateProfileAsync(user.RequiredUserId(), input, cancellationToken);
        return TypedResults.Ok(new UserMeResponse(AccountResponse.From(account), ProfileResponse.From(profile, profile.Currency)));
    }
}
