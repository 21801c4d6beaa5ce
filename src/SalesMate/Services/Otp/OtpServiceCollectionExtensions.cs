using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMate.Services.Auth;

namespace SalesMate.Services.Otp;

public static class OtpServiceCollectionExtensions
{
    public static IServiceCollection AddOtp(this IServiceCollection services)
    {
        services.TryAddSingleton<SigningKey>(); // the HMAC key derives from it; the web app registers it too
        services.AddSingleton<OtpCodeHasher>();
        services.AddScoped<OtpService>();
        return services;
    }
}
