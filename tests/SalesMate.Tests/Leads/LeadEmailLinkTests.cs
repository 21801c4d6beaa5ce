using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Services.Summaries;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>With app.public_base_url set, the summary email links the lead's staff page with an absolute URL.</summary>
[Collection("sqlite")]
public sealed class LeadEmailLinkTests(SqlitePublicUrlLeadsAppFixture fixture) : IClassFixture<SqlitePublicUrlLeadsAppFixture>
{
    [Fact]
    public async Task The_summary_email_in_the_outbox_links_the_leads_staff_page_absolutely()
    {
        var start = await fixture.Client.SendAsync(TestAccounts.Request(HttpMethod.Post, "/api/v1/chat/start", body: new { }));
        var chat = await start.ReadAsync<StartChatResponse>();
        foreach (var message in new[] { "I want noise cancelling headphones under $400", "My name is Lia Linkable, please call me back at 415 555 0123" })
        {
            var said = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
            said.StatusCode.Should().Be(HttpStatusCode.OK, await said.Content.ReadAsStringAsync());
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<InactivitySummaryWorker>(scope.ServiceProvider).PurgeAsync(CancellationToken.None);
        }

        var leadId = await fixture.DbAsync(db => db.Leads.Where(l => l.SessionId == db.Conversations.Where(c => c.Id == chat.ConversationId)
            .Select(c => c.SessionId).First()).Select(l => l.Id).SingleAsync());
        var link = $"https://sales.example.test/crm/admin/leads/{leadId}";
        var mail = fixture.Outbox.To(LeadsAppFixture.SalesDesk).Should().ContainSingle(m => m.Subject.Contains("Lia Linkable")).Subject;
        mail.Body.Should().Contain($"Lead: {link}");
        var raw = Directory.GetFiles(fixture.Outbox.Directory, "*.eml").Select(File.ReadAllText).Single(f => f.Contains("Lia Linkable"));
        raw.Should().Contain("text/html");
        var html = (await fixture.DbAsync(db => db.EmailEvents.Where(e => e.Kind == "summary" && e.Subject.Contains("Lia Linkable")).SingleAsync())).Body;
        html.Should().Contain(link);
    }

    [Theory]
    [InlineData("single-tenant", "path", null, "https://crm.example.com/admin/leads/")]
    [InlineData("multi-tenant", "path", null, "https://crm.example.com/t/acme/admin/leads/")]
    [InlineData("multi-tenant", "host", "shop.example.com", "https://acme.shop.example.com/admin/leads/")]
    public void The_link_goes_to_the_tenants_address(string mode, string tenantFrom, string? baseDomain, string expected)
    {
        var id = Guid.NewGuid();
        var app = new AppOptions { Mode = mode, TenantFrom = tenantFrom, BaseDomain = baseDomain, PublicBaseUrl = "https://crm.example.com/" };

        LeadLinks.For(id, "acme", app).Should().Be(expected + id);
        LeadLinks.For(id, "acme", new AppOptions { Mode = mode }).Should().Be($"/api/v1/leads/{id}");
    }

    [Theory]
    [InlineData("sales.example.com")]
    [InlineData("/crm")]
    [InlineData("ftp://sales.example.com")]
    [InlineData("https://sales.example.com/?x=1")]
    public void A_public_base_url_that_is_no_absolute_http_url_stops_the_start_naming_the_setting(string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["app:public_base_url"] = url }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSalesMateOptions().BuildServiceProvider();

        var read = () => services.GetRequiredService<IOptions<AppOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("app.public_base_url must be an absolute http(s) URL").And.Contain(url);
    }
}
