using Microsoft.Extensions.Options;
using SalesMate.Api.Middleware;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Services.Conversations;
using SalesMate.Services.Training;

namespace SalesMate.Web.Pages;

/// <summary>
/// The voice page (issue 8, seed 004): a signed-in trainee talks to the trainer agent over /api/v1/voice/live, in
/// training mode or role-play with an objection profile, and gets a role-play scored. All the talking is voice-page.js;
/// the page only renders the controls and makes sure the browser has a chat session cookie for the socket.
/// </summary>
public sealed class VoiceModel(SessionManager sessions, SalesMateDbContext db, IOptions<AvatarOptions> avatar) : WebPageModel
{
    protected override PageAccess Access => PageAccess.SignedIn;

    public IReadOnlyList<ObjectionProfile> Profiles => ObjectionProfiles.All;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (avatar.Value.Provider == VoiceProviders.HeyGen)
        {
            // HeyGen's browser SDK calls the API origin, then LiveKit (a wss host named per session).
            HttpContext.Features.Set(new ConnectSourcesFeature([new Uri(avatar.Value.BaseUrl).GetLeftPart(UriPartial.Authority), "wss:"]));
        }
        if (await sessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken) is not null)
        {
            return;
        }
        // The socket then authenticates by the session cookie, which is checked against the page's origin.
        var (session, token) = sessions.Create();
        session.UserId = User.RequiredUserId();
        await db.SaveChangesAsync(cancellationToken);
        sessions.WriteCookie(HttpContext, token);
    }
}
