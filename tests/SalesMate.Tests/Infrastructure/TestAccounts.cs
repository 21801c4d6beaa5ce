using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;
using SalesMate.Services.Products;

namespace SalesMate.Tests.Infrastructure;

/// <summary>A signed-in account made directly in the database, with an access token the app itself issued.</summary>
public sealed record TestAccount(Guid Id, Guid TenantId, string Email, string Role, Guid SessionId, string Token);

/// <summary>
/// Tenants, accounts and catalogs for tests, written straight into the app's database through its own services
/// (tenant creation, product import, <see cref="AccessTokens.Issue"/>), so tests do not depend on the signup flow.
/// </summary>
public static class TestAccounts
{
    public static async Task<T> InTenantAsync<T>(this SalesMateFactory factory, Guid tenantId, Func<IServiceProvider, SalesMateDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        return await action(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<SalesMateDbContext>());
    }

    public static async Task<Guid> TenantIdAsync(this SalesMateFactory factory, string slug)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        return await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
    }

    /// <summary>A tenant made the way POST /api/v1/admin/tenants makes it (personas, sales and trainer agents).</summary>
    public static async Task<Guid> CreateTenantAsync(this SalesMateFactory factory, string slug, string? name = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<TenantAdministration>()
            .CreateAsync(null, name ?? $"Store {slug}", slug, null, null, CancellationToken.None);
        return created.Tenant.Id;
    }

    public static Task<TestAccount> CreateAccountAsync(this SalesMateFactory factory, Guid tenantId, string email, string role, bool active = true) =>
        factory.InTenantAsync(tenantId, async (services, db) =>
        {
            var now = DateTime.UtcNow;
            var user = new User
            {
                Id = Guid.CreateVersion7(),
                Email = email,
                Role = role,
                IsActive = active,
                PasswordHash = "not-a-real-hash",
                EmailVerifiedAt = now,
                CreatedAt = now,
            };
            var session = new AuthSession { Id = Guid.CreateVersion7(), UserId = user.Id, CreatedAt = now, ExpiresAt = now.AddDays(7) };
            db.Users.Add(user);
            db.AuthSessions.Add(session);
            await db.SaveChangesAsync();
            var (token, _) = services.GetRequiredService<AccessTokens>().Issue(user, session.Id);
            return new TestAccount(user.Id, tenantId, email, role, session.Id, token);
        });

    /// <summary>Imports products into a tenant's catalog; each is (sku, name, category, price).</summary>
    public static Task<IReadOnlyList<Guid>> ImportProductsAsync(this SalesMateFactory factory, Guid tenantId,
        params (string Sku, string Name, string Category, decimal Price)[] products) =>
        factory.InTenantAsync<IReadOnlyList<Guid>>(tenantId, async (services, db) =>
        {
            var rows = products.Select((p, i) =>
            {
                var input = new ProductInput
                {
                    Sku = p.Sku, Name = p.Name, Brand = "Testco", Category = p.Category,
                    Price = p.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), Currency = "USD", Stock = "5",
                    Description = $"{p.Name} for tests", Tags = ["test"],
                };
                return new ImportRow(i + 1, input, ProductRules.Validate(input));
            }).ToList();
            var report = await services.GetRequiredService<ProductImporter>().ImportAsync(rows, skipInvalid: false, null, CancellationToken.None);
            report.Applied.Should().BeTrue(string.Join("; ", report.Errors.Select(e => e.Message)));
            var skus = products.Select(p => p.Sku).ToList();
            return await db.Products.Where(p => skus.Contains(p.Sku)).OrderBy(p => p.Sku).Select(p => p.Id).ToListAsync();
        });

    /// <summary>A request with optional bearer token (account or API key), chat session, extra headers and JSON body.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string url, string? bearer = null, string? session = null,
        object? body = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (session is not null)
        {
            request.Headers.Add("X-Session-Token", session);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: SalesMateFactory.Json);
        }
        return request;
    }
}
