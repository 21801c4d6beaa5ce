using Microsoft.AspNetCore.Mvc;
using SalesMate.Services.Auth;
using SalesMate.Services.Conversations;

namespace SalesMate.Web.Pages.Account;

/// <summary>Enter the emailed code (POST /api/v1/auth/signup/verify's service): verified and signed in, the chat session merged.</summary>
public sealed class VerifyModel(SignupService signup, SessionManager chatSessions) : WebPageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty] public string? Code { get; set; }

    /// <summary>Opened without ?email= (a bookmark, a new tab): the form asks for the address too, and keeps asking after a failed try.</summary>
    public bool AsksForEmail => string.IsNullOrWhiteSpace(Request.Query["email"]);

    public void OnGet()
    {
        Notice = AsksForEmail
            ? "Enter your email address and the 6-digit code we sent to it."
            : $"We sent a 6-digit code to {Email}. It is valid for a few minutes.";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignedIn? signedIn = null;
        var chat = await chatSessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken);
        var client = new ClientInfo(HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.FirstOrDefault(), chat);
        if (!await TryAsync(async () => signedIn = await signup.VerifyAsync(Email, Code?.Trim(), client, cancellationToken)))
        {
            return Page();
        }
        WebAuthCookies.Write(HttpContext, signedIn!);
        return RedirectToPage("/Account/Profile", new { welcome = true });
    }
}
