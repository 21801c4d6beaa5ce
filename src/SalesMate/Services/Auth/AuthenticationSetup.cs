using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace SalesMate.Services.Auth;

/// <summary>Bearer access tokens: validated by <see cref="AccessTokens"/>, then checked against the open sessions.</summary>
public static class AuthenticationSetup
{
    public static IServiceCollection AddSalesMateAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<SigningKey>();
        services.AddSingleton<AccessTokens>();
        services.AddScoped<AuthSessionValidator>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.AddAuthorizationBuilder().AddSalesMatePolicies();
        return services;
    }

    private sealed class ConfigureJwtBearer(AccessTokens tokens) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = tokens.ValidationParameters();
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var user = context.Principal!;
                    if (user.TenantIdOrNull() is not { } tenantId || user.UserIdOrNull() is not { } userId
                        || user.SessionIdOrNull() is not { } sessionId
                        || !await context.HttpContext.RequestServices.GetRequiredService<AuthSessionValidator>()
                            .IsActiveAsync(tenantId, userId, sessionId, context.HttpContext.RequestAborted))
                    {
                        context.Fail("The session of this token has ended; sign in again.");
                    }
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Results.Problem(
                        title: "Unauthorized",
                        detail: context.AuthenticateFailure is null
                            ? "Sign in first: send Authorization: Bearer <access token>."
                            : "The access token is invalid, expired or its session has ended; refresh it or sign in again.",
                        statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context.HttpContext);
                },
                OnForbidden = context => Results.Problem(
                    title: "Forbidden",
                    detail: "Your role does not allow this action.",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context.HttpContext),
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
