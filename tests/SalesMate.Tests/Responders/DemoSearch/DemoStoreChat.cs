using System.Net;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>
/// One app over SQLite with the demo catalog (data/products/products.json), shared by the search-understanding tests:
/// each test starts its own conversation and sends real chat turns through the HTTP API, answered by the local responder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoStoreChat : ICollectionFixture<SqliteAppFixture>
{
    public const string Name = "demo store chat";

    public static async Task<Conversation> StartAsync(SqliteAppFixture fixture)
    {
        var response = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return new Conversation(fixture.Client, await response.ReadAsync<StartChatResponse>());
    }

    /// <summary>A conversation with the demo store.</summary>
    public sealed class Conversation(HttpClient client, StartChatResponse chat)
    {
        public async Task<ChatMessageResponse> SendAsync(string message)
        {
            var response = await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message },
                chat.SessionToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var reply = await response.ReadAsync<ChatMessageResponse>();
            reply.Responder.Should().Be("local");
            return reply;
        }
    }
}
