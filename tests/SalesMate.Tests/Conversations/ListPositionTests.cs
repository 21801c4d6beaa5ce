using SalesMate.Tests.Rag.Answers;
using static SalesMate.Tests.Conversations.ConversationFlowTests;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// Positions in the last list over real HTTP: "compare 1 and 3" compares those two from the catalog data and keeps the
/// list, so the next "the first and the third" still means it; a position past the end is said plainly with the list.
/// </summary>
[Collection("sqlite")]
public sealed class ListPositionTests(DemoPolicyQuestionsTests.DemoStore store) : IClassFixture<DemoPolicyQuestionsTests.DemoStore>
{
    [Theory]
    [InlineData("compare 1 and 3", "compare the first and the third")]
    [InlineData("compare the first and the third", "compare 1 and 3")]
    [InlineData("compare #1 with #3", "compare the first and third one")]
    public async Task Comparing_two_of_the_list_shows_them_side_by_side_and_keeps_the_list(string compare, string again)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("show me headphones under $300");
        var list = Names(shown);
        list.Should().HaveCount(3);

        var compared = await visitor.AskAsync(compare);
        var repeated = await visitor.AskAsync(again);
        var second = await visitor.AskAsync("compare the first and the second");

        Names(compared).Should().Equal(list[0], list[2]);
        Text(compared).Should().StartWith("Here's how they compare:").And.Contain($"**{list[0]}**").And.Contain($"**{list[2]}**")
            .And.Contain("| Price |").And.Contain("| Rating |");
        Prices(compared).Should().Equal(Prices(shown)[0], Prices(shown)[2]);
        Names(repeated).Should().Equal(list[0], list[2]);
        Text(repeated).Should().NotBe(Text(compared)).And.StartWith("As in my last answer:");
        Names(second).Should().Equal(list[0], list[1]);
    }

    [Theory]
    [InlineData("the fifth one", "there is no fifth one")]
    [InlineData("tell me about the fifth one", "there is no fifth one")]
    [InlineData("compare 2 and 5", "there is no fifth one")]
    [InlineData("what's the weight of the 4th one?", "there is no fourth one")]
    public async Task A_position_past_the_end_of_the_list_says_how_many_were_shown_and_lists_them(string message, string which)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("show me headphones under $300");

        var reply = await visitor.AskAsync(message);

        Text(reply).Should().StartWith($"I only showed 3 products, so {which}. Here they are again:");
        foreach (var (name, i) in Names(shown).Select((n, i) => (n, i)))
        {
            Text(reply).Should().Contain($"{i + 1}. **{name}**");
        }
        Names(reply).Should().Equal(Names(shown));

        var second = await visitor.AskAsync("the second one");
        Names(second).Should().Equal(Names(shown)[1]);
    }
}
