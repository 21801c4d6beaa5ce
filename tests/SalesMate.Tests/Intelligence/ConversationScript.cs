using System.Net;
using System.Net.Http.Json;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Intelligence;

/// <summary>A shopper talking to the app over real HTTP: start a chat (optionally as a persona, optionally in an existing session), send messages.</summary>
internal sealed class ConversationScript(HttpClient client, StartChatResponse chat)
{
    public StartChatResponse Chat { get; } = chat;
    public string SessionToken => Chat.SessionToken!;

    public static async Task<ConversationScript> StartAsync(HttpClient client, string? persona = null, string? sessionToken = null)
    {
        var response = await client.PostJsonAsync("/api/v1/chat/start", new { persona_id = persona }, sessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var chat = await response.ReadAsync<StartChatResponse>();
        return new ConversationScript(client, chat with { SessionToken = chat.SessionToken ?? sessionToken });
    }

    public async Task<ChatMessageResponse> SayAsync(string message)
    {
        var response = await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = Chat.ConversationId, message }, SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ChatMessageResponse>();
    }

    public async Task<IReadOnlyList<MessageResponse>> MessagesAsync() =>
        (await (await client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{Chat.ConversationId}/messages", SessionToken))
            .ReadAsync<MessagesResponse>()).Messages;

    public async Task<ProductResponse> ProductAsync(Guid id) =>
        (await client.GetFromJsonAsync<ProductResponse>($"/api/v1/products/{id}", SalesMateFactory.Json))!;
}
