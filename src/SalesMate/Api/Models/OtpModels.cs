namespace SalesMate.Api.Models;

public sealed record OtpRequest(string? Email, string? Purpose);

public sealed record OtpVerifyRequest(string? Email, string? Code, string? Purpose);

/// <summary>The same answer whatever the address: it never tells whether we know it.</summary>
public sealed record OtpRequestedResponse(string Status, string Message, int ExpiresInSeconds);

public sealed record OtpVerifiedResponse(string Email, bool SessionLinked);
