using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.OpenAiCompat;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.OpenAiCompat;

/// <summary>Keys, requests and raw SSE reading for the OpenAI-compatible API tests.</summary>
internal static class OpenAiTestKit
{
    public const string Model = "salesmate/sales-consultant";
    public const string OtherModel = "salesmate/concise-expert";

    /// <summary>Runs <paramref name="action"/> in a service scope pointed at the default tenant (as the CLI does).</summary>
    public static async Task<T> InDefaultTenantAsync<T>(AppFixture fixture, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().EnsureDefaultTenantAsync(CancellationToken.None);
        return await action(scope.ServiceProvider);
    }

    public static Task<string> CreateKeyAsync(AppFixture fixture, string name = "tests") =>
        InDefaultTenantAsync(fixture, async services => (await services.GetRequiredService<ApiKeyService>().CreateAsync(name, CancellationToken.None)).Secret);

    public static Task<RevokeResult> RevokeAsync(AppFixture fixture, string idOrPrefix) =>
        InDefaultTenantAsync(fixture, services => services.GetRequiredService<ApiKeyService>().RevokeAsync(idOrPrefix, CancellationToken.None));

    public static Task<ApiKey> FindKeyAsync(AppFixture fixture, string secret) =>
        InDefaultTenantAsync(fixture, services => services.GetRequiredService<SalesMateDbContext>().ApiKeys.AsNoTracking()
            .SingleAsync(k => k.Prefix == secret.Substring(0, ApiKeyService.PrefixLength)));

    public static Task<Conversation> FindConversationAsync(AppFixture fixture, Guid id) =>
        InDefaultTenantAsync(fixture, services => services.GetRequiredService<SalesMateDbContext>().Conversations.AsNoTracking().SingleAsync(c => c.Id == id));

    public static Task<AssistantPersona> FindPersonaAsync(AppFixture fixture, string code) =>
        InDefaultTenantAsync(fixture, services => services.GetRequiredService<SalesMateDbContext>().AssistantPersonas.AsNoTracking().SingleAsync(p => p.Code == code));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> CompleteAsync(this HttpClient client, string? key, object body, string? conversationHeader = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        client.CompleteRawAsync(key, JsonSerializer.Serialize(body), conversationHeader, completion);

    public static Task<HttpResponseMessage> CompleteRawAsync(this HttpClient client, string? key, string json, string? conversationHeader = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (conversationHeader is not null)
        {
            request.Headers.Add(OpenAiChatService.ConversationHeader, conversationHeader);
        }
        return client.SendAsync(request, completion);
    }

    public static object Request(string message, string model = Model, bool stream = false, string? user = null, bool? includeUsage = null) =>
        new Dictionary<string, object?>
        {
            ["model"] = model,
            ["messages"] = new object[] { new { role = "system", content = "You are helpful." }, new { role = "user", content = message } },
            ["stream"] = stream,
            ["user"] = user,
            ["stream_options"] = includeUsage is { } usage ? new { include_usage = usage } : null,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The data payloads of an OpenAI stream, checking the framing on the way: every event is exactly one
    /// <c>data: ...</c> line followed by a blank line, with no <c>event:</c> or <c>id:</c> fields.
    /// </summary>
    public static async Task<List<string>> SseDataAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        body.Should().EndWith("\n\n");
        var events = body[..^2].Split("\n\n");
        events.Should().OnlyContain(e => e.StartsWith("data: ", StringComparison.Ordinal) && !e.Contains('\n'), body);
        return events.Select(e => e["data: ".Length..]).ToList();
    }

    public static IReadOnlyList<string> ProductNames(JsonElement salesmate) =>
        salesmate.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();

    public static IReadOnlyList<decimal> ProductPrices(JsonElement salesmate) =>
        salesmate.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("price").GetDecimal()).ToList();
}
