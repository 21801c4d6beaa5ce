using Microsoft.AspNetCore.Mvc;
using SalesMate.Services.Auth;
using SalesMate.Services.Conversations;

namespace SalesMate.Web.Pages.Account;

/// <summary>Sign in with email and password (same service as POST /api/v1/auth/login); the tokens go into HttpOnly cookies.</summary>
public sealed class LoginModel(AuthService auth, SessionManager chatSessions) : WebPageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet(string? email)
    {
        Email ??= email;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignedIn? signedIn = null;
        var chat = await chatSessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken);
        var client = new ClientInfo(HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.FirstOrDefault(), chat);
        if (!await TryAsync(async () => signedIn = await auth.LoginAsync(Email, Password, client, cancellationToken)))
        {
            Password = null;
            return Page();
        }
        WebAuthCookies.Write(HttpContext, signedIn!);
        return LocalRedirect(SafeReturn(ReturnUrl, Url.Content("~/")!));
    }

    /// <summary>Only a path on this site ("/admin"), never "//other.host" or "https://...".</summary>
    public static string SafeReturn(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') ? url : fallback;
}
