using System.Text.Json;
using SalesMate.Core.Entities;
using SalesMate.Services.Tenancy;

namespace SalesMate.Api.Models;

public sealed record CreateTenantRequest(string? Name, string? Slug, JsonElement? Settings, string? AdminEmail);

public sealed record UpdateTenantRequest(string? Name, bool? Active, JsonElement? Settings);

public sealed record InviteUserRequest(string? Email, string? Role);

public sealed record UpdateUserRequest(string? Role, bool? Active);

public sealed record CreateApiKeyRequest(string? Name);

public sealed record TenantResponse(Guid Id, string Name, string Slug, bool Active, TenantSettings Settings, DateTime CreatedAt)
{
    public static TenantResponse From(Tenant t) => new(t.Id, t.Name, t.Slug, t.IsActive, t.Settings, t.CreatedAt);
}

public sealed record CreatedTenantResponse(TenantResponse Tenant, IReadOnlyList<AgentResponse> Agents, AdminUserResponse? InvitedAdmin);

/// <param name="Invited">True until the invited person completes signup (the account has no password yet).</param>
public sealed record AdminUserResponse(Guid Id, string Email, string? DisplayName, string Role, bool Active, bool Invited,
    bool EmailVerified, DateTime CreatedAt, DateTime? LastActiveAt)
{
    public static AdminUserResponse From(User u) =>
        new(u.Id, u.Email, u.DisplayName, u.Role, u.IsActive, u.PasswordHash is null, u.EmailVerifiedAt is not null, u.CreatedAt, u.LastActiveAt);
}

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}

/// <param name="Key">The secret, shown only in this response; only its hash is stored.</param>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, string Key);

public sealed record AuditLogEntryResponse(Guid Id, DateTime CreatedAt, Guid? ActorUserId, string? ActorEmail, string Action,
    string TargetType, string? TargetId, IReadOnlyDictionary<string, string?> Details, string? IpAddress)
{
    public static AuditLogEntryResponse From(AuditLogEntry a) =>
        new(a.Id, a.CreatedAt, a.ActorUserId, a.ActorEmail, a.Action, a.TargetType, a.TargetId, a.Details, a.IpAddress);
}

public sealed record AgentResponse(string Agent, bool Enabled, string? PersonaCode, string? Model, double? Temperature, int? MaxTokens,
    string RetrievalNamespace)
{
    public static AgentResponse From(AgentSettings a) =>
        new(a.Agent, a.IsEnabled, a.PersonaCode, a.Model, a.Temperature, a.MaxTokens, a.RetrievalNamespace);
}
