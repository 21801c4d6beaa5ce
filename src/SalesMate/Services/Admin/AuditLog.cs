using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;

namespace SalesMate.Services.Admin;

/// <summary>
/// Records administrative actions in <c>audit_logs</c> of the tenant acted on. Entries are added to the caller's unit of
/// work, so they are saved in the same transaction as the change they describe. Details never hold secrets.
/// </summary>
public sealed class AuditLog(SalesMateDbContext db, TimeProvider clock)
{
    public void Add(HttpContext? http, string action, string targetType, object? targetId, Dictionary<string, string?>? details = null) =>
        db.AuditLogs.Add(new AuditLogEntry
        {
            Id = Guid.CreateVersion7(),
            ActorUserId = http?.User.UserIdOrNull(),
            ActorEmail = http?.User.FindFirst(UserClaims.Email)?.Value,
            Action = action,
            TargetType = targetType,
            TargetId = targetId?.ToString(),
            Details = details ?? [],
            IpAddress = http?.Connection.RemoteIpAddress?.ToString(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
}

/// <summary>The <c>action</c> values of audit entries.</summary>
public static class AuditActions
{
    public const string TenantCreate = "tenant.create";
    public const string TenantUpdate = "tenant.update";
    public const string TenantActivate = "tenant.activate";
    public const string TenantDeactivate = "tenant.deactivate";
    public const string UserInvite = "user.invite";
    public const string UserRoleChange = "user.role_change";
    public const string UserActivate = "user.activate";
    public const string UserDeactivate = "user.deactivate";
    public const string ApiKeyCreate = "api_key.create";
    public const string ApiKeyRevoke = "api_key.revoke";
    public const string SettingsUpdate = "settings.update";
    public const string AgentUpdate = "agent.update";
    public const string ContributionApprove = "contribution.approve";
    public const string ContributionReject = "contribution.reject";
    public const string EscalationHandle = "escalation.handle";
    public const string ProductCreate = "product.create";
    public const string ProductUpdate = "product.update";
    public const string ProductDelete = "product.delete";
    public const string PersonaCreate = "persona.create";
    public const string PersonaUpdate = "persona.update";
    public const string PersonaDelete = "persona.delete";
}
