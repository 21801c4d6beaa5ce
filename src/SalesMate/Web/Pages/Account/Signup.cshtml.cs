using Microsoft.AspNetCore.Mvc;
using SalesMate.Services.Auth;

namespace SalesMate.Web.Pages.Account;

/// <summary>Create an account (POST /api/v1/auth/signup's service): a 6-digit code is emailed, entered on the next page.</summary>
public sealed class SignupModel(SignupService signup) : WebPageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? DisplayName { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (!await TryAsync(() => signup.SignupAsync(Email, Password, string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName, ip, cancellationToken)))
        {
            Password = null;
            return Page();
        }
        return RedirectToPage("/Account/Verify", new { email = Email?.Trim() });
    }
}
