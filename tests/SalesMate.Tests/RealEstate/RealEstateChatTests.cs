using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Database;
using SalesMate.Services.Products;
using SalesMate.Services.Rag;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.RealEstate;

/// <summary>The app in multi-tenant mode, where the seed adds the Skyline Homes tenant next to the electronics store.</summary>
public abstract class HomesFixture(DatabaseKind kind) : AppFixture(kind, new Dictionary<string, string>
{
    ["app:mode"] = "multi-tenant",
    ["app:tenant_from"] = "path",
});

public sealed class SqliteHomesFixture() : HomesFixture(DatabaseKind.Sqlite);

public sealed class PostgresHomesFixture() : HomesFixture(DatabaseKind.Postgres);

/// <summary>The same engine selling apartments at /t/homes, while the electronics store at /t/demo is unaffected.</summary>
public abstract class RealEstateChatTests(HomesFixture fixture)
{
    private const decimal Crore = 10_000_000m;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_homes_tenant_is_seeded_with_its_listings_consultant_and_buyer_personas()
    {
        var listings = await AllProductsAsync("homes");
        listings.Should().HaveCountGreaterThanOrEqualTo(30).And.OnlyContain(p => p.Category == "Apartments" && p.Currency == "INR");
        listings.Should().OnlyContain(p => p.Specs.ContainsKey("Location") && p.Specs.ContainsKey("Configuration")
                                           && p.Specs.ContainsKey("Possession") && p.Specs.ContainsKey("Amenities"));
        listings.Select(p => p.Specs["Configuration"]).Distinct().Should().BeEquivalentTo(["1BHK", "2BHK", "3BHK"]);
        listings.Select(p => p.Specs["Location"]).Should().Contain(["Whitefield", "Sarjapur Road", "Hebbal", "Electronic City"]);

        var chat = await StartAsync("homes");
        chat.Greeting.Should().Contain("Priya", "the homes tenant has its own property consultant persona");
        var personas = await Client.GetFromJsonAsync<List<PersonaResponse>>("/t/homes/api/v1/personas", SalesMateFactory.Json);
        personas!.Select(p => p.Code).Should().BeEquivalentTo(["first-home-buyer", "growing-family", "investor"]);

        var electronics = await StartAsync("demo");
        electronics.Greeting.Should().NotContain("Priya");
    }

    [Fact]
    public async Task Two_bhk_in_whitefield_under_2_crore_then_cheaper()
    {
        var listings = await AllProductsAsync("homes");
        var chat = await StartAsync("homes");

        var answer = await SendAsync("homes", chat, "Show me 2BHK in Whitefield under 2 Cr");
        answer.Intent.Should().Be("product_search");
        answer.Products.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(3);
        var shown = answer.Products.Select(p => listings.Single(l => l.Id == p.Id)).ToList();
        shown.Should().OnlyContain(p => p.Specs["Configuration"] == "2BHK" && p.Specs["Location"] == "Whitefield" && p.Price <= 2 * Crore);
        answer.Answer.Should().Contain("under ₹2 Cr");
        foreach (var product in shown)
        {
            answer.Answer.Should().Contain(product.Name).And.Contain(Money.Format(product.Price, "INR"));
        }
        answer.Answer.Should().MatchRegex(@"₹\d+(\.\d+)? (Cr|L)\b").And.NotMatchRegex(@"₹\d{1,3}(,\d{3}){2,}", "rupees are never written in millions");

        var cheaper = await SendAsync("homes", chat, "cheaper");
        cheaper.Products.Should().NotBeEmpty();
        cheaper.Products.Should().OnlyContain(p => p.Category == "Apartments" && p.Currency == "INR" && p.Price < shown.Min(s => s.Price));
        cheaper.Products.Select(p => p.Id).Should().NotIntersectWith(shown.Select(s => s.Id));
        cheaper.Answer.Should().MatchRegex(@"₹\d+(\.\d+)? (Cr|L)\b");
    }

    [Fact]
    public async Task A_misspelled_search_finds_the_same_homes()
    {
        var spelled = await SendAsync("homes", await StartAsync("homes"), "Show me 2BHK in Whitefield under 2 Cr");
        var misspelled = await SendAsync("homes", await StartAsync("homes"), "2bhk in whitfield under 2cr");

        misspelled.Products.Should().NotBeEmpty();
        misspelled.Products.Select(p => p.Id).Should().BeEquivalentTo(spelled.Products.Select(p => p.Id));
    }

    [Fact]
    public async Task A_new_configuration_and_locality_replace_the_old_ones_in_a_follow_up()
    {
        var listings = await AllProductsAsync("homes");
        var chat = await StartAsync("homes");
        await SendAsync("homes", chat, "Show me 2BHK in Whitefield under 2 Cr");

        var hebbal = await SendAsync("homes", chat, "3 BHK in Hebbal between 1.5 and 3 crore");
        var expected = listings.Where(p => p.Specs["Configuration"] == "3BHK" && p.Specs["Location"] == "Hebbal"
                                           && p.Price >= 1.5m * Crore && p.Price <= 3 * Crore).Select(p => p.Id).ToList();
        expected.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(3);
        hebbal.Products.Select(p => p.Id).Should().BeEquivalentTo(expected, "every 3BHK in Hebbal in the range, and nothing else");
        hebbal.Answer.Should().Contain("between ₹1.5 Cr and ₹3 Cr").And.NotContain("None has everything");
    }

    [Fact]
    public async Task Near_good_schools_finds_homes_tagged_for_schools_in_the_chat_and_in_hybrid_retrieval()
    {
        var listings = await AllProductsAsync("homes");
        var answer = await SendAsync("homes", await StartAsync("homes"), "2BHK near good schools");
        answer.Products.Should().NotBeEmpty();
        answer.Products.Select(p => listings.Single(l => l.Id == p.Id))
            .Should().OnlyContain(p => p.Specs["Configuration"] == "2BHK" && p.Tags.Contains("good schools"));

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "homes").Select(t => t.Id).SingleAsync());
        var retrieved = await scope.ServiceProvider.GetRequiredService<ProductRetriever>()
            .SearchAsync(db, new ProductQuery("2BHK near good schools in Whitefield"), CancellationToken.None);
        retrieved.Should().NotBeEmpty().And.OnlyContain(r => r.Product.Category == "Apartments");
        var top = retrieved[0].Product;
        top.Specs["Location"].Should().Be("Whitefield");
        top.Tags.Should().Contain("good schools");
    }

    [Fact]
    public async Task The_electronics_store_never_sees_the_homes_and_the_homes_never_see_laptops()
    {
        var homes = (await AllProductsAsync("homes")).Select(p => p.Id).ToHashSet();
        var laptops = (await AllProductsAsync("demo")).Select(p => p.Id).ToHashSet();
        homes.Should().NotIntersectWith(laptops);

        var inStore = await SendAsync("demo", await StartAsync("demo"), "Show me 2BHK in Whitefield under 2 Cr");
        inStore.Products.Should().OnlyContain(p => laptops.Contains(p.Id) && p.Category != "Apartments");
        inStore.Answer.Should().NotContain("Whitefield Residences").And.NotContain("Aurum").And.NotContain("Banyan");

        var inHomes = await SendAsync("homes", await StartAsync("homes"), "I need a gaming laptop under $1500");
        inHomes.Products.Should().OnlyContain(p => homes.Contains(p.Id));
        inHomes.Answer.Should().NotContain("ASUS").And.NotContain("Lenovo");

        var crossTenant = await Client.GetAsync($"/t/demo/api/v1/products/{homes.First()}");
        crossTenant.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var search = await Client.GetStringAsync("/t/demo/api/v1/products/search?q=whitefield");
        search.Should().NotContain("Whitefield");
    }

    [Fact]
    public async Task The_electronics_store_still_sells_laptops_in_dollars()
    {
        var chat = await StartAsync("demo");
        var answer = await SendAsync("demo", chat, "I need a gaming laptop under $1500");
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Currency == "USD" && p.Price < 1500m);
        answer.Answer.Should().Contain("under $1,500").And.NotContain("₹");

        var misspelled = await SendAsync("demo", await StartAsync("demo"), "is the macbok any good");
        misspelled.Products.Should().ContainSingle().Which.Name.Should().Contain("MacBook");
    }

    private async Task<List<ProductResponse>> AllProductsAsync(string tenant)
    {
        var page = await Client.GetFromJsonAsync<PageResponse<ProductResponse>>($"/t/{tenant}/api/v1/products?page_size=100", SalesMateFactory.Json);
        var all = page!.Items.ToList();
        for (var number = 2; number <= page.TotalPages; number++)
        {
            var next = await Client.GetFromJsonAsync<PageResponse<ProductResponse>>($"/t/{tenant}/api/v1/products?page_size=100&page={number}",
                SalesMateFactory.Json);
            all.AddRange(next!.Items);
        }
        return all;
    }

    [Fact]
    public async Task The_homes_consultant_offers_a_site_visit_and_yes_books_it()
    {
        var chat = await StartAsync("homes");
        await SendAsync("homes", chat, "2bhk under 80 lakh");

        var compared = await SendAsync("homes", chat, "compare 1 and 2");
        compared.Answer.Should().EndWith("Would you like to book a site visit?").And.NotContain("store");

        var booked = await SendAsync("homes", chat, "yes");
        booked.Intent.Should().Be("schedule_visit");
        booked.Answer.Should().StartWith($"Happy to set up a visit to see the {compared.Products[0].Name}!");
    }

    private async Task<StartChatResponse> StartAsync(string tenant)
    {
        var response = await Client.PostJsonAsync($"/t/{tenant}/api/v1/chat/start", new { });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<StartChatResponse>();
    }

    private async Task<ChatMessageResponse> SendAsync(string tenant, StartChatResponse chat, string message)
    {
        var response = await Client.PostJsonAsync($"/t/{tenant}/api/v1/chat/message", new { conversation_id = chat.ConversationId, message },
            chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ChatMessageResponse>();
    }
}

[Collection("sqlite")]
public sealed class SqliteRealEstateChatTests(SqliteHomesFixture fixture) : RealEstateChatTests(fixture), IClassFixture<SqliteHomesFixture>;

[Collection("postgres")]
public sealed class PostgresRealEstateChatTests(PostgresHomesFixture fixture) : RealEstateChatTests(fixture), IClassFixture<PostgresHomesFixture>;
