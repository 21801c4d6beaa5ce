using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using SalesMate.Services.Auth;
using SalesMate.Services.Conversations;

namespace SalesMate.Api.Middleware;

/// <summary>
/// Whom a request counts against (its client IP, and its caller: the signed-in user, else the chat session, else the
/// API key) and its route class. Computed once per request. Session tokens and API keys are hashed, never kept.
/// </summary>
public sealed record RateLimitSubject(string Ip, string? Caller, string? RouteClass, bool Exempt)
{
    public static RateLimitSubject Of(HttpContext http)
    {
        if (http.Items[typeof(RateLimitSubject)] is RateLimitSubject known)
        {
            return known;
        }
        var route = RequestPaths.Route(http.Request.Path);
        var subject = new RateLimitSubject(ClientIp(http.Connection.RemoteIpAddress), CallerOf(http),
            RouteClasses.Of(http.Request.Method, route), RequestPaths.IsHealth(route));
        http.Items[typeof(RateLimitSubject)] = subject;
        return subject;
    }

    /// <summary>The client's address (after trusted-proxy processing); an IPv6 client is its /64, which one host usually owns whole.</summary>
    public static string ClientIp(IPAddress? address)
    {
        if (address is null)
        {
            return "ip:unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"ip:{new IPAddress(bytes)}/64";
        }
        return $"ip:{address}";
    }

    private static string? CallerOf(HttpContext http)
    {
        if (http.User.UserIdOrNull() is { } userId)
        {
            return $"user:{userId:N}";
        }
        if (SessionManager.TokenFrom(http) is { } token)
        {
            return $"session:{Hash(token)}";
        }
        return http.Request.Headers.Authorization.FirstOrDefault() is { } authorization
               && authorization.StartsWith("Bearer sm_", StringComparison.Ordinal)
            ? $"key:{Hash(authorization)}"
            : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..32];
}
