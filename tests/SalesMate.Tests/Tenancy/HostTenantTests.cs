using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.Infrastructure.TestAccounts;

namespace SalesMate.Tests.Tenancy;

public sealed class HostTenantFixture() : AppFixture(DatabaseKind.Sqlite, new Dictionary<string, string>
{
    ["app:mode"] = "multi-tenant",
    ["app:tenant_from"] = "host",
    ["app:base_domain"] = "shop.test",
})
{
    protected override async Task SeedAsync()
    {
        var alpha = await Factory.CreateTenantAsync("alpha");
        await Factory.ImportProductsAsync(alpha, ("ALPHA-CAM-1", "Aurora Camera X", "Cameras", 899m));
    }
}

/// <summary>Multi-tenant mode with the tenant in the host name: {slug}.{app.base_domain}.</summary>
[Collection("sqlite")]
public sealed class HostTenantTests(HostTenantFixture fixture) : IClassFixture<HostTenantFixture>
{
    private async Task<HttpStatusCode> GetAsync(string host, string path)
    {
        using var request = Request(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var response = await fixture.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_subdomain_names_the_tenant_and_the_path_prefix_does_not()
    {
        (await GetAsync("alpha.shop.test", "/api/v1/products/search?q=aurora")).Should().Be(HttpStatusCode.OK);
        (await GetAsync("ALPHA.shop.test", "/a/trainer/api/v1/personas")).Should().Be(HttpStatusCode.OK, "host names are case-insensitive");
        (await GetAsync("nowhere.shop.test", "/api/v1/products")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync("shop.test", "/api/v1/products")).Should().Be(HttpStatusCode.BadRequest, "the bare domain names no tenant");
        (await GetAsync("shop.test", "/t/alpha/api/v1/products")).Should().NotBe(HttpStatusCode.OK, "in host mode /t/ is not a tenant prefix");
    }

    [Theory]
    [InlineData("multi-tenant", "host", null, "app.base_domain")]
    [InlineData("multi-tenant", "header", null, "app.tenant_from must be one of path, host")]
    [InlineData("single-tenant", "path", "closer", "app.default_agent must be one of sales, trainer")]
    public void Tenancy_settings_are_validated_naming_the_setting(string mode, string from, string? agent, string error)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["app:mode"] = mode,
            ["app:tenant_from"] = from,
            ["app:default_agent"] = agent ?? "sales",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSalesMateOptions().BuildServiceProvider();

        var read = () => services.GetRequiredService<IOptions<AppOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(error);
    }
}
