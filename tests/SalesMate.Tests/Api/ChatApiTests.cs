using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Api;

/// <summary>The chat flow over real HTTP, run against SQLite and PostgreSQL.</summary>
public abstract class ChatApiTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<StartChatResponse> StartAsync(object? body = null, string? token = null)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/start", body ?? new { }, token);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<StartChatResponse>();
    }

    private async Task<ChatMessageResponse> SendAsync(StartChatResponse chat, string message, string? token = null)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message },
            token ?? chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ChatMessageResponse>();
    }

    [Fact]
    public async Task Gaming_laptop_under_budget_then_cheaper_returns_catalog_laptops_within_budget()
    {
        var chat = await StartAsync();
        chat.Greeting.Should().NotBeNullOrWhiteSpace();
        chat.SessionToken.Should().NotBeNullOrEmpty();

        var first = await SendAsync(chat, "I need a gaming laptop under $1500");
        first.Intent.Should().Be("product_search");
        first.Products.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(3);
        first.Products.Should().OnlyContain(p => p.Category == "Laptops" && p.Price < 1500m && p.Reason.Length > 0);
        foreach (var product in first.Products)
        {
            var stored = await Client.GetFromJsonAsync<ProductResponse>($"/api/v1/products/{product.Id}", SalesMateFactory.Json);
            stored!.Price.Should().Be(product.Price, "prices come from the catalog");
            stored.Tags.Should().Contain("gaming");
            first.Answer.Should().Contain(product.Name);
        }

        var cheaper = await SendAsync(chat, "cheaper");
        cheaper.Products.Should().NotBeEmpty();
        cheaper.Products.Should().OnlyContain(p => p.Category == "Laptops" && p.Price < first.Products.Min(f => f.Price));
        cheaper.Products.Select(p => p.Id).Should().NotIntersectWith(first.Products.Select(p => p.Id));
    }

    [Fact]
    public async Task Follow_ups_compare_and_describe_the_products_just_shown()
    {
        var chat = await StartAsync();
        var shown = await SendAsync(chat, "noise cancelling headphones under $400");
        shown.Products.Should().HaveCountGreaterThanOrEqualTo(2).And.OnlyContain(p => p.Category == "Headphones" && p.Price <= 400m);

        var compared = await SendAsync(chat, "compare the first two");
        compared.Intent.Should().Be("comparison");
        compared.Products.Select(p => p.Id).Should().Equal(shown.Products.Take(2).Select(p => p.Id));

        var detail = await SendAsync(chat, "tell me more about the second one");
        detail.Intent.Should().Be("product_detail");
        detail.Products.Should().ContainSingle().Which.Id.Should().Be(shown.Products[1].Id);
        detail.Answer.Should().Contain(shown.Products[1].Name);
    }

    [Fact]
    public async Task History_lists_the_sessions_conversations_with_their_messages_in_order()
    {
        var chat = await StartAsync();
        await SendAsync(chat, "show me tablets under 500");
        await SendAsync(chat, "thanks");

        var history = await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", chat.SessionToken)).ReadAsync<HistoryResponse>();
        var item = history.Conversations.Should().ContainSingle(c => c.Id == chat.ConversationId).Subject;
        item.MessageCount.Should().Be(5);
        item.Title.Should().Be("show me tablets under 500");

        var messages = await (await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken))
            .ReadAsync<MessagesResponse>();
        messages.Messages.Select(m => m.Role).Should().Equal("assistant", "user", "assistant", "user", "assistant");
        messages.Messages[1].Content.Should().Be("show me tablets under 500");
        messages.Messages[2].Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price <= 500m);
    }

    [Fact]
    public async Task Conversations_are_private_to_their_session_and_deletion_removes_them()
    {
        var mine = await StartAsync();
        await SendAsync(mine, "I want a monitor");
        var other = await StartAsync();

        var peek = await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{mine.ConversationId}/messages", other.SessionToken);
        peek.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var post = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = mine.ConversationId, message = "hi" }, other.SessionToken);
        post.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var steal = await Client.SendWithSessionAsync(HttpMethod.Delete, $"/api/v1/chat/{mine.ConversationId}", other.SessionToken);
        steal.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var anonymous = await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", null);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var delete = await Client.SendWithSessionAsync(HttpMethod.Delete, $"/api/v1/chat/{mine.ConversationId}", mine.SessionToken);
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{mine.ConversationId}/messages", mine.SessionToken);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var history = await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", mine.SessionToken)).ReadAsync<HistoryResponse>();
        history.Conversations.Should().NotContain(c => c.Id == mine.ConversationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_messages_are_rejected_with_problem_details(string message)
    {
        var chat = await StartAsync();
        var response = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.ReadAsync<ValidationProblemDetails>();
        problem.Errors.Should().ContainKey("message");
    }

    [Fact]
    public async Task Messages_over_4000_characters_are_rejected_and_nothing_is_stored()
    {
        var chat = await StartAsync();
        var response = await Client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = chat.ConversationId, message = new string('a', 4001) }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ValidationProblemDetails>()).Errors["message"].Single().Should().Contain("4000");

        var ok = await SendAsync(chat, "  " + new string('b', 3996) + "  ");
        ok.Answer.Should().NotBeEmpty("4000 characters after trimming is allowed");
        var messages = await (await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{chat.ConversationId}/messages", chat.SessionToken))
            .ReadAsync<MessagesResponse>();
        messages.Messages.Should().HaveCount(3);
    }

    [Fact]
    public async Task Malformed_json_and_unknown_ids_get_clear_problem_details()
    {
        var chat = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message")
        {
            Content = new StringContent("{\"conversation_id\": \"not-a-guid\", \"message\": \"hi\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Session-Token", chat.SessionToken);
        var malformed = await Client.SendAsync(request);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await malformed.ReadAsync<ProblemDetails>()).Detail.Should().Contain("conversation_id");

        var unknown = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = Guid.NewGuid(), message = "hi" }, chat.SessionToken);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.ReadAsync<ProblemDetails>()).Title.Should().Be("Conversation not found");

        var persona = await Client.PostJsonAsync("/api/v1/chat/start", new { persona_id = "no-such-persona" });
        persona.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_shopper_persona_sets_the_greeting_and_the_default_budget()
    {
        var personas = await Client.GetFromJsonAsync<List<PersonaResponse>>("/api/v1/personas", SalesMateFactory.Json);
        personas.Should().HaveCount(4);
        var student = personas!.Single(p => p.Code == "budget-student");

        var chat = await StartAsync(new { persona_id = student.Id.ToString() });
        chat.PersonaId.Should().Be(student.Id);
        chat.Greeting.Should().Contain(student.Name);

        var answer = await SendAsync(chat, "I need a laptop");
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Price <= student.BudgetMax!.Value);

        var own = await SendAsync(chat, "actually my budget is $2000, show me laptops over 1500");
        own.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price > 1500m, "the shopper's own words override the persona");
    }

    [Fact]
    public async Task Budgets_in_rupees_are_converted_with_the_configured_rates()
    {
        var chat = await StartAsync();
        var answer = await SendAsync(chat, "a phone under 1 lakh rupees");
        answer.Intent.Should().Be("product_search");
        answer.Answer.Should().Contain("₹1 L", "rupees are written in lakh and crore").And.Contain("$1,200");
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Phones" && p.Price <= 1200m);
    }

    [Fact]
    public async Task Nothing_within_budget_says_so_and_offers_the_nearest_alternatives()
    {
        var chat = await StartAsync();
        var answer = await SendAsync(chat, "gaming laptop under $700");
        answer.Answer.Should().StartWith("I couldn't find");
        answer.Intent.Should().Be("budget_alternative");
        answer.Products.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_memory_size_is_matched_against_the_RAM_spec_and_named_as_shoppers_write_it()
    {
        var chat = await StartAsync();
        var found = await SendAsync(chat, "dell laptop with 32GB RAM");
        found.Answer.Should().NotContain("couldn't find", "the catalog lists RAM as 'RAM: 32GB'");
        found.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Brand == "Dell");
        found.Answer.Should().Contain("RAM: 32GB", "each card shown has it");

        var missing = await SendAsync(await StartAsync(), "dell laptop with 128GB RAM");
        missing.Answer.Should().StartWith("I couldn't find Dell 128GB RAM laptops")
            .And.Contain("without 128GB RAM").And.NotContain("128gb");
        missing.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Brand == "Dell");
    }
}

[Collection("sqlite")]
public sealed class SqliteChatApiTests(SqliteAppFixture fixture) : ChatApiTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresChatApiTests(PostgresAppFixture fixture) : ChatApiTests(fixture), IClassFixture<PostgresAppFixture>;
