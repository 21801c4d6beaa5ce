using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Services.Auth;
using SalesMate.Services.Profiles;
using SalesMate.Services.Users;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/users: the signed-in user's account and shopping profile (seed 000).</summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(AuthPolicies.SignedIn);
        group.MapGet("/me", Me).WithName("CurrentUser");
        group.MapGet("/profile", GetProfile).WithName("GetProfile");
        group.MapPut("/profile", UpdateProfile).WithName("UpdateProfile");
        group.MapDelete("/profile/facts/{id:guid}", DeleteFact).WithName("DeleteLearnedFact");
        return group;
    }

    public static async Task<Ok<UserMeResponse>> Me(ClaimsPrincipal user, UserService users, CancellationToken cancellationToken)
    {
        var (account, profile, currency) = await users.GetAsync(user.RequiredUserId(), cancellationToken);
        return TypedResults.Ok(new UserMeResponse(AccountResponse.From(account), ProfileResponse.From(profile, currency)));
    }

    /// <summary>The profile form and what the assistant learned in chats, each fact with the message it came from.</summary>
    public static async Task<Ok<UserMeResponse>> GetProfile(ClaimsPrincipal user, UserService users, LearnedFactEditor facts, CancellationToken cancellationToken)
    {
        var (account, profile, currency) = await users.GetAsync(user.RequiredUserId(), cancellationToken);
        var learned = await facts.ListAsync(account.Id, cancellationToken);
        return TypedResults.Ok(new UserMeResponse(AccountResponse.From(account), ProfileResponse.From(profile, currency),
            learned.Select(LearnedFactResponse.From).ToList()));
    }

    /// <summary>Replaces the profile form; <c>learned_facts</c>, when sent, replaces the learned facts (corrections, deletions), in the same save.</summary>
    public static async Task<Ok<UserMeResponse>> UpdateProfile(UpdateProfileRequest request, ClaimsPrincipal user, UserService users,
        LearnedFactEditor facts, CancellationToken cancellationToken)
    {
        var userId = user.RequiredUserId();
        var input = new ProfileInput(request.DisplayName, request.BudgetMin, request.BudgetMax, request.Currency,
            request.Categories, request.KeyFeatures, request.ShoppingPreferences);
        if (request.LearnedFacts is { } learnedFacts)
        {
            var (_, current, defaultCurrency) = await users.GetAsync(userId, cancellationToken);
            await facts.ReplaceAsync(userId, learnedFacts, request.Currency?.ToUpperInvariant() ?? current?.Currency ?? defaultCurrency, cancellationToken);
        }
        var (account, profile) = await users.UpdateProfileAsync(userId, input, cancellationToken, learnedFactsEditedToo: request.LearnedFacts is not null);
        var learned = await facts.ListAsync(userId, cancellationToken);
        return TypedResults.Ok(new UserMeResponse(AccountResponse.From(account), ProfileResponse.From(profile, profile.Currency),
            learned.Select(LearnedFactResponse.From).ToList()));
    }

    public static async Task<NoContent> DeleteFact(Guid id, ClaimsPrincipal user, LearnedFactEditor facts, CancellationToken cancellationToken) =>
        await facts.DeleteAsync(user.RequiredUserId(), id, cancellationToken) ? TypedResults.NoContent() : throw new Core.NotFoundException("Learned fact", id);
}
