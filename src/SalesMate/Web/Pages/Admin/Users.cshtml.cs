using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Services.Admin;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Users and roles: list, invite, change role, (de)activate (the handlers of /api/v1/admin/users).</summary>
public sealed class UsersModel(UserAdministration users) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<User> Users { get; private set; } = [];
    public static IReadOnlyList<string> AssignableRoles => UserAdministration.AssignableRoles;

    [BindProperty] public string? InviteEmail { get; set; }
    [BindProperty] public string? InviteRole { get; set; }

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        Notice = done;
        Users = await users.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (await TryAsync(() => AdminUserEndpoints.Invite(new InviteUserRequest(InviteEmail, InviteRole ?? Core.Entities.Roles.User), HttpContext, users, cancellationToken)))
        {
            return RedirectToPage(new { done = $"Invited {InviteEmail?.Trim()}. They finish by signing up with that email." });
        }
        Users = await users.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, string? role, bool? active, CancellationToken cancellationToken)
    {
        if (await TryAsync(() => AdminUserEndpoints.Update(id, new UpdateUserRequest(role, active), HttpContext, users, cancellationToken)))
        {
            return RedirectToPage(new { done = "User updated." });
        }
        Users = await users.ListAsync(cancellationToken);
        return Page();
    }
}
