using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Services.Auth;

namespace SalesMate.Web;

/// <summary>
/// Base of the pages: collects the errors a service reports (problem-details exceptions) for the form to show, and,
/// when <see cref="Access"/> asks for it, requires a signed-in user (refreshing an expired access cookie with the refresh
/// cookie first) or an admin role.
/// </summary>
public abstract class WebPageModel : PageModel
{
    /// <summary>Sales = the sales team (sales, tenant_admin, super_admin); Admin = tenant_admin or super_admin.</summary>
    protected enum PageAccess { Anyone, SignedIn, Sales, Admin }

    protected virtual PageAccess Access => PageAccess.Anyone;

    /// <summary>Messages by field ("" for the form as a whole).</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; set; }

    public IEnumerable<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var list) ? list : [];

    public IEnumerable<string> AllErrors => Errors.SelectMany(e => e.Value);

    protected void AddError(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>Runs a service call; a rule it reports becomes a form error instead of a problem-details response.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (RequestValidationException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                foreach (var message in messages)
                {
                    AddError(field, message);
                }
            }
        }
        catch (SalesMateException ex)
        {
            AddError("", ex.Message);
        }
        return false;
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Access != PageAccess.Anyone && !User.IsSignedIn())
        {
            context.Result = await SignInAgainAsync();
            return;
        }
        if (Access == PageAccess.Admin && User.RoleOrNull() is not (Roles.TenantAdmin or Roles.SuperAdmin))
        {
            context.Result = RedirectToPage("/Forbidden");
            return;
        }
        if (Access == PageAccess.Sales && User.RoleOrNull() is not (Roles.Sales or Roles.TenantAdmin or Roles.SuperAdmin))
        {
            context.Result = RedirectToPage("/Forbidden");
            return;
        }
        await next();
    }

    /// <summary>The access cookie expired (or was never set): use the refresh cookie if there is one, else go to the login page.</summary>
    private async Task<IActionResult> SignInAgainAsync()
    {
        var here = $"{Request.PathBase}{Request.Path}{Request.QueryString}";
        if (WebAuthCookies.RefreshToken(HttpContext) is { } refresh)
        {
            try
            {
                var signedIn = await HttpContext.RequestServices.GetRequiredService<AuthService>().RefreshAsync(refresh, HttpContext.RequestAborted);
                WebAuthCookies.Write(HttpContext, signedIn);
                // 307 repeats a form post with its body, now with the new access cookie.
                return HttpMethods.IsGet(Request.Method) ? Redirect(here) : new RedirectResult(here, permanent: false, preserveMethod: true);
            }
            catch (SalesMateException)
            {
                WebAuthCookies.Clear(HttpContext);
            }
        }
        return RedirectToPage("/Account/Login", new { returnUrl = here });
    }
}
