using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;

namespace SalesMate.Services.Admin;

/// <summary>
/// Users of the current tenant as its admins manage them: invitations (a row without a password, role preset, which
/// signup completes) and role and active changes. A tenant_admin cannot grant super_admin, touch a super_admin, or
/// change its own role or deactivate itself. Deactivating a user or changing its role ends all of its sessions, so the
/// change applies to tokens already issued.
/// </summary>
public sealed class UserAdministration(SalesMateDbContext db, AuditLog audit, TimeProvider clock)
{
    public static readonly string[] AssignableRoles = [Roles.User, Roles.Sales, Roles.TenantAdmin, Roles.SuperAdmin];

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);

    public async Task<User> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new NotFoundException("User", id);

    public async Task<User> InviteAsync(HttpContext http, string? email, string? role, CancellationToken cancellationToken)
    {
        var user = await AddInvitationAsync(http, email, role, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Adds the invited user and its audit entry to the unit of work without saving (tenant creation saves it with the tenant).</summary>
    public async Task<User> AddInvitationAsync(HttpContext? http, string? email, string? role, CancellationToken cancellationToken,
        string emailField = "email")
    {
        var address = NormalizedEmail(email);
        var errors = new Dictionary<string, string[]>();
        if (address is null)
        {
            errors[emailField] = ["email must be an email address such as jane@example.com."];
        }
        if (role is null || !AssignableRoles.Contains(role))
        {
            errors["role"] = [$"role must be one of {string.Join(", ", AssignableRoles)}."];
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        if (role == Roles.SuperAdmin && http is not null && http.User.RoleOrNull() != Roles.SuperAdmin)
        {
            throw new ForbiddenException("Only a super_admin can grant the super_admin role.");
        }
        if (await db.Users.AnyAsync(u => u.Email == address, cancellationToken))
        {
            throw new ConflictException($"A user with the email {address} already exists in this tenant.");
        }
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = address!,
            Role = role!,
            PasswordHash = null,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        audit.Add(http, AuditActions.UserInvite, "user", user.Id, new() { ["email"] = user.Email, ["role"] = user.Role });
        return user;
    }

    public async Task<User> UpdateAsync(HttpContext http, Guid id, string? role, bool? active, CancellationToken cancellationToken)
    {
        if (role is not null && !AssignableRoles.Contains(role))
        {
            throw new RequestValidationException("role", $"role must be one of {string.Join(", ", AssignableRoles)}.");
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new NotFoundException("User", id);
        var actorIsSuperAdmin = http.User.RoleOrNull() == Roles.SuperAdmin;
        var self = http.User.UserIdOrNull() == user.Id;
        var roleChanges = role is not null && role != user.Role;
        var activeChanges = active is not null && active != user.IsActive;
        if (!actorIsSuperAdmin && (user.Role == Roles.SuperAdmin || role == Roles.SuperAdmin) && (roleChanges || activeChanges))
        {
            throw new ForbiddenException("Only a super_admin can grant the super_admin role or change a super_admin's account.");
        }
        if (self && roleChanges)
        {
            throw new ForbiddenException("You cannot change your own role; ask another admin.");
        }
        if (self && active == false)
        {
            throw new ForbiddenException("You cannot deactivate your own account; ask another admin.");
        }

        if (roleChanges)
        {
            audit.Add(http, AuditActions.UserRoleChange, "user", user.Id, new() { ["email"] = user.Email, ["from"] = user.Role, ["to"] = role });
            user.Role = role!;
        }
        if (activeChanges)
        {
            audit.Add(http, active!.Value ? AuditActions.UserActivate : AuditActions.UserDeactivate, "user", user.Id, new() { ["email"] = user.Email });
            user.IsActive = active.Value;
        }
        if (!roleChanges && !activeChanges)
        {
            return user;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (roleChanges || active == false)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var reason = active == false ? "deactivated" : "admin";
            await db.AuthSessions.Where(s => s.UserId == user.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, (DateTime?)now).SetProperty(x => x.RevokedReason, reason), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>Trimmed and lower-cased, or null when it is not an email address.</summary>
    public static string? NormalizedEmail(string? email)
    {
        var address = email?.Trim().ToLowerInvariant();
        return address is not null && TenantSettingsPatch.IsEmail(address) ? address : null;
    }
}
