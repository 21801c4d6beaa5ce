namespace SalesMate.Api.Models;

public sealed record PrivacyRequest(string? Email, string? Code);

public sealed record PrivacyDeletedResponse(string Email, IReadOnlyDictionary<string, int> Deleted);
