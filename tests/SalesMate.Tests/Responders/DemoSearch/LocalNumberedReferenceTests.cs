using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>"tell me about the macbook air 13": a number in the product named (screen size, storage, model) picks that model.</summary>
[Collection(DemoStoreChat.Name)]
public sealed class LocalNumberedReferenceTests(SqliteAppFixture fixture)
{
    [Theory]
    [InlineData("tell me about the macbook air 13", "Apple MacBook Air 13\" (M5)")]
    [InlineData("tell me about the macbook air 15", "Apple MacBook Air 15\" (M5)")]
    [InlineData("more details on the macbook air 15 inch", "Apple MacBook Air 15\" (M5)")]
    [InlineData("tell me about the 13 inch macbook air", "Apple MacBook Air 13\" (M5)")]
    [InlineData("tell me about the macbook air with 512gb", "Apple MacBook Air 15\" (M5)")]
    public async Task The_number_decides_between_models_of_the_same_name(string message, string expected)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Products.Should().ContainSingle().Which.Name.Should().Be(expected);
        reply.Answer.Should().StartWith($"**{expected}**");
    }

    [Fact]
    public async Task After_a_list_the_number_picks_the_model_shown()
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        var shown = await chat.SendAsync("apple laptops");
        shown.Products.Select(p => p.Name).Should().Contain(n => n.StartsWith("Apple MacBook Air", StringComparison.Ordinal));

        var reply = await chat.SendAsync("tell me more about the macbook air 13");

        reply.Products.Should().ContainSingle().Which.Name.Should().Be("Apple MacBook Air 13\" (M5)");
    }
}
