using System.Net.Http.Json;
using System.Text.Json;

namespace SalesMate.Tests.Web;

/// <summary>Posts an admin console form as the browser does: the sign-in cookie, the antiforgery cookie and token, the app's origin.</summary>
public static class AdminForms
{
    /// <param name="prefix">The tenant prefix of the antiforgery token's route in multi-tenant path mode, e.g. /t/alpha.</param>
    /// <param name="tokenInForm">Send the antiforgery token as the hidden form field, as a browser posting the page's form does, instead of the header.</param>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string accessToken, string url, IEnumerable<KeyValuePair<string, string>> fields,
        string prefix = "", bool tokenInForm = false)
    {
        var signIn = $"salesmate_access={accessToken}";
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, $"{prefix}/api/v1/antiforgery/token");
        tokenRequest.Headers.Add("Cookie", signIn);
        var tokenResponse = await client.SendAsync(tokenRequest);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var antiforgery = tokenResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("salesmate_antiforgery=", StringComparison.Ordinal)).Split(';')[0];

        var body = tokenInForm ? fields.Append(new("__RequestVerificationToken", token)) : fields;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(body) };
        request.Headers.Add("Cookie", $"{signIn}; {antiforgery}");
        if (!tokenInForm)
        {
            request.Headers.Add("X-CSRF-TOKEN", token);
        }
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return await client.SendAsync(request);
    }

    /// <summary>A client of the same app that shows redirects instead of following them.</summary>
    public static HttpClient NoRedirects(HttpClient client) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };

    public static async Task<string> GetHtmlAsync(HttpClient client, string accessToken, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", $"salesmate_access={accessToken}");
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, html);
        return System.Net.WebUtility.HtmlDecode(html);
    }
}
