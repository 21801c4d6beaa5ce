using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Otp;
using SalesMate.Services.Privacy;

namespace SalesMate.Web.Pages.Account;

/// <summary>
/// "My chats and data": link earlier chats to this browser, export or delete everything kept for an email address,
/// each confirmed by an emailed code. Works for visitors (the chat session cookie is the requester) through the same
/// handlers as /api/v1/otp and /api/v1/privacy.
/// </summary>
public sealed class PrivacyModel(SessionManager sessions, OtpService otp, PrivacyService privacy, SalesMateDbContext db,
    IOptions<OtpOptions> otpOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : WebPageModel
{
    public static readonly string[] Purposes = [OtpPurposes.LinkSession, OtpPurposes.Export, OtpPurposes.DeleteData];

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Purpose { get; set; }

    /// <summary>The code was sent: the form for <see cref="Purpose"/> asks for it.</summary>
    public bool AwaitingCode { get; private set; }

    public IReadOnlyDictionary<string, int>? Deleted { get; private set; }

    public static string Title(string purpose) => purpose switch
    {
        OtpPurposes.LinkSession => "Link my earlier chats",
        OtpPurposes.Export => "Download my data",
        _ => "Delete my data",
    };

    /// <summary>Makes sure this browser has a chat session: codes are bound to the session that asked for them.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await sessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken) is null)
        {
            var (_, token) = sessions.Create();
            await db.SaveChangesAsync(cancellationToken);
            sessions.WriteCookie(HttpContext, token);
        }
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        AwaitingCode = await TryAsync(() => OtpEndpoints.Request(new OtpRequest(Email, Purpose), HttpContext, sessions, otp, otpOptions, cancellationToken));
        if (AwaitingCode)
        {
            Notice = $"If {Email} can receive email, a 6-digit code is on its way.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        AwaitingCode = true;
        switch (Purpose)
        {
            case OtpPurposes.LinkSession:
                if (await TryAsync(() => OtpEndpoints.Verify(new OtpVerifyRequest(Email, Code, Purpose), HttpContext, sessions, otp, db, cancellationToken)))
                {
                    (AwaitingCode, Notice) = (false, $"Linked: your chats with {Email} now appear in the chat history.");
                }
                return Page();
            case OtpPurposes.Export:
                PrivacyExport? export = null;
                if (await TryAsync(async () => export = (await PrivacyEndpoints.Export(new PrivacyRequest(Email, Code), HttpContext, sessions, privacy, cancellationToken)).Value))
                {
                    return File(JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions), "application/json", "salesmate-my-data.json");
                }
                return Page();
            default:
                if (await TryAsync(async () => Deleted = (await PrivacyEndpoints.Delete(new PrivacyRequest(Email, Code), HttpContext, sessions, privacy, cancellationToken)).Value!.Deleted))
                {
                    (AwaitingCode, Notice) = (false, $"Deleted everything kept for {Email}, including this browser's chat session.");
                    SignOutIfDeleted();
                }
                return Page();
        }
    }

    /// <summary>The signed-in account was among what was deleted: drop its cookies, and show this page signed out.</summary>
    private void SignOutIfDeleted()
    {
        if (User.FindFirst(Services.Auth.UserClaims.Email)?.Value is { } email
            && string.Equals(email, Email?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            WebAuthCookies.Clear(HttpContext);
            HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        }
    }
}
