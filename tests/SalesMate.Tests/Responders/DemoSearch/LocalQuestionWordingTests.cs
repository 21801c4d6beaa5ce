using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>
/// Questions about the products just shown are answered whatever the wording: "usb c" / "usb-c" / "USB C ports", plurals
/// ("speakers" for "six-speaker sound") and hyphen or space variants ("noise-cancelling").
/// </summary>
[Collection(DemoStoreChat.Name)]
public sealed class LocalQuestionWordingTests(SqliteAppFixture fixture)
{
    [Theory]
    [InlineData("does it have usb c?")]
    [InlineData("does it have usb-c")]
    [InlineData("does it have USB C ports?")]
    [InlineData("does it have a usb-c port?")]
    public async Task Usb_c_in_any_spelling_is_found_in_the_specs(string question)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("tell me about the sony wh-1000xm6");

        var reply = await chat.SendAsync(question);

        reply.Intent.Should().Be("product_detail");
        reply.Answer.Should().StartWith("Yes, the **Sony WH-1000XM6** has Connectivity: Bluetooth 5.3, USB-C.");
    }

    [Theory]
    [InlineData("does it have speakers?")]
    [InlineData("how many speakers does it have")]
    public async Task A_plural_finds_the_singular_in_the_description(string question)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("tell me about the macbook air 15");

        var reply = await chat.SendAsync(question);

        reply.Intent.Should().Be("product_detail");
        reply.Answer.Should().StartWith("From the **Apple MacBook Air 15\" (M5)** description: \"The larger MacBook Air with a 15.3-inch screen and six-speaker sound.\"");
    }

    [Theory]
    [InlineData("is it noise-cancelling?")]
    [InlineData("does it have noise cancellation")]
    [InlineData("is it noisecancelling?")]
    public async Task Hyphen_and_space_variants_are_the_same_feature(string question)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("tell me about the sony wf-1000xm5");

        var reply = await chat.SendAsync(question);

        reply.Answer.Should().StartWith("Yes, the **Sony WF-1000XM5** has Noise Cancelling.");
    }
}
