using System.Net;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Security;
using static SalesMate.Tests.Security.RateLimitTests;

namespace SalesMate.Tests.Contributions;

/// <summary>Submissions have a small budget of their own (rate_limits.contribute), per chat session or account.</summary>
[Collection("sqlite")]
public sealed class ContributionRateLimitTests
{
    [Fact]
    public async Task A_visitor_over_the_contribution_limit_gets_429_while_another_visitor_can_still_contribute()
    {
        await using var app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, Limits(("contribute", 2)));
        var visitor = (await app.StartChatAsync()).SessionToken!;
        var body = new { text = "Our store opens at nine on weekdays and at ten on Sundays." };
        for (var i = 0; i < 2; i++)
        {
            (await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", body, ("X-Session-Token", visitor))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await ShouldBeRefusedAsync(await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", body, ("X-Session-Token", visitor)), "contribute", 3600);
        (await app.SendAsync(HttpMethod.Get, "/api/v1/contributions/mine", null, ("X-Session-Token", visitor))).StatusCode
            .Should().Be(HttpStatusCode.OK, "reading is not counted");
        var other = (await app.StartChatAsync()).SessionToken!;
        (await app.SendAsync(HttpMethod.Post, "/api/v1/contributions", body, ("X-Session-Token", other))).StatusCode.Should().Be(HttpStatusCode.Accepted);
    }
}
