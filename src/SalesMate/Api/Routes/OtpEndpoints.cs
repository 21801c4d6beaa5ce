using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Otp;
using SalesMate.Utils;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/otp: email codes that link a chat session to an address, or confirm a privacy export or deletion.</summary>
public static class OtpEndpoints
{
    /// <summary>Purposes a visitor may ask for here; verify_email belongs to account signup.</summary>
    public static readonly string[] RequestablePurposes = [OtpPurposes.LinkSession, OtpPurposes.DeleteData, OtpPurposes.Export];

    public static RouteGroupBuilder MapOtpEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/otp").WithTags("OTP");
        group.MapPost("/request", Request).WithName("RequestOtp");
        group.MapPost("/verify", Verify).WithName("VerifyOtp");
        return group;
    }

    public static async Task<Accepted<OtpRequestedResponse>> Request(OtpRequest request, HttpContext http, SessionManager sessions,
        OtpService otp, IOptions<OtpOptions> options, CancellationToken cancellationToken)
    {
        var purpose = request.Purpose?.Trim() ?? "";
        if (!RequestablePurposes.Contains(purpose))
        {
            throw new RequestValidationException("purpose", $"purpose must be one of {string.Join(", ", RequestablePurposes)}.");
        }
        var email = EmailAddresses.Normalize(request.Email);
        if (!EmailAddresses.IsValid(email))
        {
            throw new RequestValidationException("email", "email must be a valid email address.");
        }
        var session = await sessions.RequireAsync(http, cancellationToken);
        await otp.RequestAsync(email, purpose, session.Id, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        var ttl = options.Value.TtlMinutes;
        return TypedResults.Accepted((string?)null, new OtpRequestedResponse("accepted",
            $"If this address can receive email, a 6-digit code is on its way. It is valid for {ttl} minutes.", ttl * 60));
    }

    /// <summary>link_session only: delete_data and export codes are sent with the request they confirm (/api/v1/privacy/*).</summary>
    public static async Task<Ok<OtpVerifiedResponse>> Verify(OtpVerifyRequest request, HttpContext http, SessionManager sessions,
        OtpService otp, SalesMateDbContext db, CancellationToken cancellationToken)
    {
        if (request.Purpose?.Trim() is not OtpPurposes.LinkSession)
        {
            throw new RequestValidationException("purpose",
                "purpose must be link_session; delete_data and export codes go with POST /api/v1/privacy/delete or /api/v1/privacy/export.");
        }
        var email = EmailAddresses.Normalize(request.Email);
        var session = await sessions.RequireAsync(http, cancellationToken);
        await otp.VerifyAsync(email, request.Code?.Trim() ?? "", OtpPurposes.LinkSession, session.Id, cancellationToken);
        // Only ever set after this proof: every session proven for the same address now sees the others' conversations.
        session.Email = email;
        await Services.Profiles.ReturningShopper.OnEmailProvenAsync(db, session, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new OtpVerifiedResponse(email, SessionLinked: true));
    }
}
