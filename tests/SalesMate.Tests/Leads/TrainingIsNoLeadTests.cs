using System.Net;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>A trainer practising with the role-play customer is not a prospect: the sales team's lead list stays as it was.</summary>
public abstract class TrainingIsNoLeadTests(LeadsAppFixture fixture)
{
    [Fact]
    public async Task A_role_play_where_the_trainee_gives_contact_details_and_buying_words_makes_no_lead()
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/training/start", new { mode = "roleplay", persona = "skeptical" });
        start.StatusCode.Should().Be(HttpStatusCode.OK, await start.Content.ReadAsStringAsync());
        var training = await start.ReadAsync<StartTrainingResponse>();
        foreach (var line in new[]
                 {
                     "Hi, I'm Rita Trainee, email rita.trainee@example.com, call me back at +1 415 555 0199.",
                     "It is backed by a national insurer and the terms are in writing. I'll take it from here, shall we sign?",
                 })
        {
            var reply = await fixture.Client.PostJsonAsync("/a/trainer/api/v1/chat/message",
                new { conversation_id = training.ConversationId, message = line }, training.SessionToken);
            reply.StatusCode.Should().Be(HttpStatusCode.OK, await reply.Content.ReadAsStringAsync());
        }

        var sales = await fixture.Factory.CreateAccountAsync(fixture.TenantId, $"sales-{Guid.NewGuid():N}@example.com", Roles.Sales);
        var response = await fixture.Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/leads?q=Rita%20Trainee", sales.Token));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadAsync<LeadListResponse>()).Leads.Should().BeEmpty();
        var leadsOfTheConversation = await fixture.DbAsync(db => Task.FromResult(db.LeadEvents.Count(e => e.ConversationId == training.ConversationId)));
        leadsOfTheConversation.Should().Be(0);
    }
}

[Collection("sqlite")]
public sealed class SqliteTrainingIsNoLeadTests(SqliteLeadsAppFixture fixture) : TrainingIsNoLeadTests(fixture), IClassFixture<SqliteLeadsAppFixture>;
