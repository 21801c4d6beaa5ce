using System.Net.Http.Json;
using System.Text.Json;

namespace SalesMate.Tests.Web;

/// <summary>Posts an admin console form as the browser does: the sign-in cookie, the antiforgery cookie and token, the app's origin.</summary>
public static class AdminForms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string accessToken, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var signIn = $"salesmate_access={accessToken}";
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/antiforgery/token");
        tokenRequest.Headers.Add("Cookie", signIn);
        var tokenResponse = await client.SendAsync(tokenRequest);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var antiforgery = tokenResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("salesmate_antiforgery=", StringComparison.Ordinal)).Split(';')[0];

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", $"{signIn}; {antiforgery}");
        request.Headers.Add("X-CSRF-TOKEN", token);
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return await client.SendAsync(request);
    }
}
