using SalesMate.Services.Users;

namespace SalesMate.Services.Auth;

public static class AccountServices
{
    /// <summary>Accounts, sessions, profiles and the first-start admin (needs <see cref="AuthenticationSetup"/> for access tokens).</summary>
    public static IServiceCollection AddSalesMateAccounts(this IServiceCollection services)
    {
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddScoped<AuthSessionService>();
        services.AddScoped<AuthService>();
        services.AddScoped<SignupService>();
        services.AddScoped<AdminBootstrap>();
        services.AddScoped<ProfileMerge>();
        services.AddScoped<AnonymousSessionMerger>();
        services.AddScoped<UserService>();
        return services;
    }
}
