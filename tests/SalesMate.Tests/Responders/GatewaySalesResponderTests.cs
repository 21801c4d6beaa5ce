using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Llm.Responders;
using SalesMate.Services.Products;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

public sealed class GatewaySalesResponderTests
{
    private const string Message = "I need a gaming laptop under $1500";

    [Fact]
    public async Task Without_a_model_the_local_responder_answers()
    {
        var reply = Reply(await Collect(new GatewaySalesResponder(Local()), Context(Message)));

        reply.Responder.Should().Be("local");
        reply.Degraded.Should().BeFalse();
        reply.Products.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_model_that_fails_before_any_text_is_replaced_by_the_local_answer_marked_degraded()
    {
        // The tools ran and found products, then the provider went down: none of the model's products may leak.
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.GetProduct, Args(("id_or_sku", Nimbus.Sku)))
            .Fails(new LlmUnavailableException("provider down"));
        var context = Context(Message);

        var updates = await Collect(new GatewaySalesResponder(Local(), Llm(client)), context);

        var expected = Local().Respond(context);
        updates.OfType<IntentUpdate>().Should().ContainSingle();
        updates.OfType<ProductsUpdate>().Should().ContainSingle()
            .Which.Products.Select(p => p.Product.Id).Should().Equal(expected.Products.Select(p => p.Product.Id));
        updates.OfType<ProductsUpdate>().Single().Products.Should().NotContain(p => p.Product.Id == Nimbus.Id);
        var reply = Reply(updates);
        reply.Degraded.Should().BeTrue();
        reply.Responder.Should().Be("local");
        reply.Answer.Should().Be(expected.Answer);
        string.Concat(updates.OfType<TextDelta>().Select(t => t.Text)).Should().Be(expected.Answer);
    }

    [Fact]
    public async Task Any_failure_before_text_falls_back_too()
    {
        var client = new ScriptedChatClient().Fails(new HttpRequestException("connection refused"));

        var reply = Reply(await Collect(new GatewaySalesResponder(Local(), Llm(client)), Context(Message)));

        reply.Degraded.Should().BeTrue();
        reply.Responder.Should().Be("local");
    }

    [Fact]
    public async Task A_failure_after_text_propagates_instead_of_mixing_in_a_local_answer()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "gaming laptop")))
            .Fails(new LlmStreamInterruptedException("stream dropped"), "The Acme Volt 14 ", "is a great");
        var updates = new List<ResponderUpdate>();

        var act = async () =>
        {
            await foreach (var update in new GatewaySalesResponder(Local(), Llm(client)).StreamAsync(Context(Message), CancellationToken.None))
            {
                updates.Add(update);
            }
        };

        await act.Should().ThrowAsync<LlmStreamInterruptedException>();
        updates.Select(u => u.GetType().Name).Should().Equal(
            nameof(IntentUpdate), nameof(ProductsUpdate), nameof(SourcesUpdate), nameof(TextDelta), nameof(TextDelta));
        updates.OfType<ReplyCompleted>().Should().BeEmpty();
    }

    [Fact]
    public async Task A_stop_by_the_shopper_is_not_answered_by_the_fallback()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var client = new ScriptedChatClient().Answers("never sent");

        var act = async () =>
        {
            await foreach (var _ in new GatewaySalesResponder(Local(), Llm(client)).StreamAsync(Context(Message), stop.Token))
            {
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Registration_picks_the_model_only_when_a_chat_client_is_registered()
    {
        static ServiceProvider Build(IChatClient? client)
        {
            var services = new ServiceCollection().AddLogging();
            services.AddSingleton(Options.Create(new LlmOptions()));
            services.AddSingleton(Options.Create(new SalesMate.Config.ChatOptions()));
            services.AddSingleton(Options.Create(new CurrencyOptions()));
            services.AddSingleton<RecommendationEngine>();
            services.AddSingleton<CurrencyConverter>();
            services.AddSingleton<LocalSalesResponder>();
            services.AddScoped<ITenantContext>(_ => Tenant());
            if (client is not null)
            {
                services.AddSingleton(client);
            }
            services.AddSalesResponders();
            return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        }

        using var keyless = Build(null);
        using (var scope = keyless.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<ISalesResponder>().Should().BeOfType<GatewaySalesResponder>()
                .Which.HasModel.Should().BeFalse();
        }
        using var hosted = Build(new ScriptedChatClient());
        using (var scope = hosted.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<ISalesResponder>().Should().BeOfType<GatewaySalesResponder>()
                .Which.HasModel.Should().BeTrue();
        }
    }
}
