using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Utils;

namespace SalesMate.Services.Auth;

public enum AdminBootstrapOutcome { Existing, CreatedConfigured, CreatedDemo }

/// <summary>
/// The first super_admin of the default tenant, created at start-up and never touched again: the configured one
/// (admin.email / admin.password, i.e. ADMIN__EMAIL / ADMIN__PASSWORD), or else - when the tenant has no super_admin
/// yet - a demo admin with a generated password that is printed once to the console and written to
/// admin.credentials_file (mode 600). The password never goes through the logger.
/// </summary>
public sealed class AdminBootstrap(
    SalesMateDbContext db,
    DatabaseInitializer initializer,
    PasswordHasher hasher,
    PasswordPolicy policy,
    IOptions<AdminOptions> admin,
    IOptions<AppOptions> app,
    TimeProvider clock,
    ILogger<AdminBootstrap> logger)
{
    private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int GeneratedPasswordLength = 24;

    public async Task<AdminBootstrapOutcome> EnsureAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureDefaultTenantAsync(cancellationToken);
        var options = admin.Value;
        if (!string.IsNullOrWhiteSpace(options.Email) && !string.IsNullOrEmpty(options.Password))
        {
            var email = EmailAddresses.Normalize(options.Email);
            var existing = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
            if (existing is { PasswordHash: not null, EmailVerifiedAt: not null })
            {
                return AdminBootstrapOutcome.Existing; // a working account: never reset it
            }
            try
            {
                policy.Check(options.Password, "admin.password", email);
            }
            catch (Core.RequestValidationException invalid)
            {
                throw new InvalidOperationException($"admin.password (ADMIN__PASSWORD) is not accepted: {invalid.Errors.Values.First()[0]}");
            }
            if (existing is not null)
            {
                // An invited or never-verified row with this email: nobody can sign in with it yet, so it becomes the admin.
                Complete(existing, options.Password);
                await db.SaveChangesAsync(cancellationToken);
            }
            else if (!await TryCreateAsync(email, options.Password, cancellationToken))
            {
                return AdminBootstrapOutcome.Existing;
            }
            logger.LogInformation("Created the configured super_admin {Email}", email);
            return AdminBootstrapOutcome.CreatedConfigured;
        }

        if (await db.Users.AnyAsync(u => u.Role == Roles.SuperAdmin, cancellationToken))
        {
            return AdminBootstrapOutcome.Existing;
        }
        var demoEmail = $"admin@{app.Value.DefaultTenant}.local";
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, GeneratedPasswordLength);
        if (await db.Users.AnyAsync(u => u.Email == demoEmail, cancellationToken) || !await TryCreateAsync(demoEmail, password, cancellationToken))
        {
            return AdminBootstrapOutcome.Existing;
        }
        var file = WriteCredentials(options.CredentialsFile, demoEmail, password);
        Console.Out.WriteLine($"""

            ==== SalesMate first start: demo admin created ====
              email:    {demoEmail}
              password: {password}
            Also written to {file} (mode 600). Sign in, change the password, then delete that file.
            Set ADMIN__EMAIL and ADMIN__PASSWORD to choose the first admin yourself.
            ===================================================

            """);
        logger.LogWarning("Created the demo super_admin {Email}; its generated password was printed once and written to {CredentialsFile}",
            demoEmail, file);
        return AdminBootstrapOutcome.CreatedDemo;
    }

    /// <summary>False when another instance created the same account at the same moment.</summary>
    private async Task<bool> TryCreateAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = new User { Id = Guid.CreateVersion7(), Email = email, DisplayName = "Administrator", CreatedAt = clock.GetUtcNow().UtcDateTime };
        Complete(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
            {
                return false;
            }
            throw;
        }
    }

    private void Complete(User user, string password)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        user.PasswordHash = hasher.Hash(password);
        user.Role = Roles.SuperAdmin;
        user.IsActive = true;
        user.EmailVerifiedAt = now;
        user.PasswordChangedAt = now;
    }

    private string WriteCredentials(string configuredPath, string email, string password)
    {
        var path = Path.GetFullPath(configuredPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var stream = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, stream))
        {
            writer.Write($"""
                # SalesMate demo admin, created {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss}Z. Sign in with POST /api/v1/auth/login,
                # change the password with POST /api/v1/auth/password, then delete this file.
                email: {email}
                password: {password}

                """);
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
