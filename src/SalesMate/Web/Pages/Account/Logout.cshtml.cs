using Microsoft.AspNetCore.Mvc;
using SalesMate.Services.Auth;

namespace SalesMate.Web.Pages.Account;

/// <summary>Ends this sign-in (same as POST /api/v1/auth/logout) and removes the cookies.</summary>
public sealed class LogoutModel(AuthService auth) : WebPageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await TryAsync(() => auth.LogoutAsync(User, WebAuthCookies.RefreshToken(HttpContext), cancellationToken));
        WebAuthCookies.Clear(HttpContext);
        return RedirectToPage("/Index");
    }
}
