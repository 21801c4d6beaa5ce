using SalesMate.Tests.Rag.Answers;
using static SalesMate.Tests.Conversations.ConversationFlowTests;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// Messages in another language over real HTTP: the keyless assistant says it answers in English, and still searches for
/// the shopping words it recognises (category, "cheap", a budget) instead of misreading the message as a search.
/// </summary>
[Collection("sqlite")]
public sealed class ForeignLanguageTests(DemoPolicyQuestionsTests.DemoStore store) : IClassFixture<DemoPolicyQuestionsTests.DemoStore>
{
    [Theory]
    [InlineData("¿tienes portátiles baratos?", "Spanish", "Laptops")]
    [InlineData("Haben Sie Laptops unter 800 Euro?", "German", "Laptops")]
    [InlineData("je cherche un casque", "French", "Headphones")]
    [InlineData("busco auriculares para el gimnasio", "Spanish", "Headphones")]
    [InlineData("Ich suche günstige Kopfhörer", "German", "Headphones")]
    public async Task A_recognisable_request_in_another_language_is_answered_in_english_with_a_search_for_it(string message, string language, string category)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("show me phones");

        var reply = await visitor.AskAsync(message);

        Text(reply).Should().StartWith($"Sorry, I can only chat in English for now, and your message looks like {language}.")
            .And.Contain("From the words I recognised, here is my best guess.");
        Categories(reply).Should().NotBeEmpty().And.OnlyContain(c => c == category, "the recognised product words, not the phones shown before");
    }

    [Fact]
    public async Task Cheap_and_a_foreign_budget_narrow_the_search()
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var all = Prices(await visitor.AskAsync("show me laptops"));

        var cheap = await Visitor.StartAsync(store.Client, tenant: null);
        var euros = await Visitor.StartAsync(store.Client, tenant: null);

        Prices(await cheap.AskAsync("¿tienes portátiles baratos?")).Should().OnlyContain(p => p < all.Max());
        var budget = await euros.AskAsync("Haben Sie Laptops unter 800 Euro?");
        Text(budget).Should().Contain("(€800 is about $");
    }

    [Theory]
    [InlineData("bonjour, vous avez quelque chose pour moi?", "French")]
    [InlineData("hola, qué me recomiendas para mi hermano?", "Spanish")]
    public async Task A_foreign_message_with_no_shopping_words_asks_for_english_and_shows_nothing(string message, string language)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);

        var reply = await visitor.AskAsync(message);

        Text(reply).Should().StartWith($"Sorry, I can only chat in English for now, and your message looks like {language}.")
            .And.Contain("Could you tell me in English what you are looking for").And.Contain("We sell ");
        Names(reply).Should().BeEmpty();
    }

    [Theory]
    [InlineData("do you have a portable speaker for AI demos?")]
    [InlineData("show me tablets con good battery")]
    [InlineData("laptops under 800 euro")]
    public async Task English_messages_with_a_foreign_looking_word_are_not_taken_for_another_language(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);

        Text(await visitor.AskAsync(message)).Should().NotContain("only chat in English");
    }

    private static List<string> Categories(System.Text.Json.JsonElement answer) =>
        answer.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("category").GetString()!).ToList();
}
