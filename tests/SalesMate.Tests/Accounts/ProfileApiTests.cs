using System.Net;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>GET /api/v1/users/me and PUT /api/v1/users/profile (seed 000 profile form).</summary>
public abstract class ProfileApiTests(AccountsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<string> SignedInAsync(string name)
    {
        var email = AccountsTestKit.NewEmail(name);
        await fixture.CreateUserAsync(email);
        return (await Client.LoginAsync(email)).AccessToken;
    }

    [Fact]
    public async Task A_new_account_has_an_empty_profile_in_the_tenants_currency()
    {
        var me = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/users/me", await SignedInAsync("empty"))).ReadAsync<UserMeResponse>();

        me.Profile.BudgetMin.Should().BeNull();
        me.Profile.Currency.Should().Be("USD");
        me.Profile.Categories.Should().BeEmpty();
        me.Profile.UpdatedAt.Should().BeNull();
    }

    [Fact]
    public async Task Profile_round_trips_through_put_and_get()
    {
        var token = await SignedInAsync("profile");
        var body = new
        {
            display_name = "  Dana  ",
            budget_min = 500.50m,
            budget_max = 1500m,
            currency = "eur",
            categories = new[] { "Laptops", " Headphones " },
            key_features = new[] { "long battery life", "noise cancelling" },
            shopping_preferences = new[] { "prefers in-stock items", "likes Sony" },
        };

        var put = await Client.SendAsync(HttpMethod.Put, "/api/v1/users/profile", token, body);
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var me = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/users/me", token)).ReadAsync<UserMeResponse>();

        me.User.DisplayName.Should().Be("Dana");
        me.Profile.BudgetMin.Should().Be(500.50m);
        me.Profile.BudgetMax.Should().Be(1500m);
        me.Profile.Currency.Should().Be("EUR");
        me.Profile.Categories.Should().Equal("Laptops", "Headphones");
        me.Profile.KeyFeatures.Should().Equal("long battery life", "noise cancelling");
        me.Profile.ShoppingPreferences.Should().Equal("prefers in-stock items", "likes Sony");
        me.Profile.UpdatedAt.Should().NotBeNull();

        var replaced = await Client.SendAsync(HttpMethod.Put, "/api/v1/users/profile", token, new { categories = new[] { "Tablets" } });
        var after = await replaced.ReadAsync<UserMeResponse>();
        after.Profile.Categories.Should().Equal("Tablets");
        after.Profile.BudgetMin.Should().BeNull("PUT replaces the profile");
        after.Profile.Currency.Should().Be("EUR", "an omitted currency stays");
        after.User.DisplayName.Should().Be("Dana", "an omitted display name stays");
    }

    [Theory]
    [InlineData("""{"budget_min": -1}""", "budget_min", "negative")]
    [InlineData("""{"budget_min": 900, "budget_max": 100}""", "budget_max", "below budget_min")]
    [InlineData("""{"budget_max": 10.555}""", "budget_max", "2 decimal places")]
    [InlineData("""{"currency": "dollars"}""", "currency", "3-letter")]
    [InlineData("""{"categories": ["Laptops", "laptops"]}""", "categories", "more than once")]
    [InlineData("""{"key_features": [""]}""", "key_features", "1 to 100")]
    [InlineData("""{"display_name": "   "}""", "display_name", "1 to 100")]
    public async Task Invalid_profiles_are_refused_naming_the_field_and_rule(string json, string field, string message)
    {
        var token = await SignedInAsync("invalid");
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/users/profile")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);

        var response = await Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadAsync<ValidationProblemDetails>()).Errors[field].Should().Contain(e => e.Contains(message));
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        var token = await SignedInAsync("many");
        var response = await Client.SendAsync(HttpMethod.Put, "/api/v1/users/profile", token,
            new { shopping_preferences = Enumerable.Range(1, 21).Select(i => $"preference {i}").ToArray() });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadAsync<ValidationProblemDetails>()).Errors["shopping_preferences"].Single().Should().Contain("at most 20");
    }
}

[Collection("sqlite")]
public sealed class SqliteProfileApiTests(SqliteAccountsFixture fixture) : ProfileApiTests(fixture), IClassFixture<SqliteAccountsFixture>;

[Collection("postgres")]
public sealed class PostgresProfileApiTests(PostgresAccountsFixture fixture) : ProfileApiTests(fixture), IClassFixture<PostgresAccountsFixture>;
