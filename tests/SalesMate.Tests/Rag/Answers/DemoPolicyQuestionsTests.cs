using System.Text.Json;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag.Answers;

/// <summary>
/// The demo store (as ./run.sh starts it, documents from data/documents) asked the short policy questions shoppers type:
/// each is answered from the section that answers it, not from one that merely repeats the question's word ("What
/// voids the warranty", "International shipping") or shares a fragment of it ("up" in "Setup"); a question that names
/// no product and no policy word is still answered from the documents when they cover it.
/// </summary>
[Collection("sqlite")]
public sealed class DemoPolicyQuestionsTests(DemoPolicyQuestionsTests.DemoStore store) : IClassFixture<DemoPolicyQuestionsTests.DemoStore>
{
    [Theory]
    [InlineData("what is your warranty?", "Warranty Policy > Laptops", "two-year manufacturer warranty", "void")]
    [InlineData("how much is shipping?", "Shipping and Delivery > Delivery options and costs", "below that it costs 4.99 dollars", "Canada")]
    [InlineData("can I pick up in store?", "Shipping and Delivery > Click and collect", "collect from any store", "recycle")]
    [InlineData("what's the interest rate?", "Financing FAQ > Interest-free instalments", "0% APR", "Happy to help")]
    [InlineData("if I order today when will it arrive?", "Shipping and Delivery > Delivery options and costs", "three to five working days", "Happy to help")]
    [InlineData("any discounts?", "Price Match, Trade-In and Discounts > Student discount", "10% off laptops", "Happy to help")]
    public async Task A_short_policy_question_quotes_the_section_that_answers_it_first(string question, string section, string quoted, string notShown)
    {
        var answer = await (await Visitor.StartAsync(store.Client, tenant: null)).AskAsync(question);

        var text = answer.GetProperty("answer").GetString();
        text.Should().Contain(quoted).And.NotContain(notShown);
        answer.GetProperty("sources")[0].GetProperty("section").GetString().Should().Be(section);
    }

    [Fact]
    public async Task The_warranty_question_quotes_the_opening_sections_not_the_exclusions_or_the_drone_terms()
    {
        var answer = await (await Visitor.StartAsync(store.Client, tenant: null)).AskAsync("what is your warranty?");

        Sections(answer).Should().Equal("Warranty Policy > Laptops", "Warranty Policy > Phones and tablets");
    }

    [Fact]
    public async Task The_shipping_cost_question_quotes_only_the_delivery_costs()
    {
        var answer = await (await Visitor.StartAsync(store.Client, tenant: null)).AskAsync("how much is shipping?");

        Sections(answer).Should().Equal("Shipping and Delivery > Delivery options and costs");
    }

    [Fact]
    public async Task A_vague_question_the_documents_do_not_cover_stays_a_product_conversation()
    {
        var answer = await (await Visitor.StartAsync(store.Client, tenant: null)).AskAsync("what would you recommend?");

        answer.GetProperty("intent").GetString().Should().NotBe("knowledge_question");
        answer.GetProperty("sources").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("what's your policy on pets in store?")]
    [InlineData("do you have a referral scheme?")]
    [InlineData("is there a dress code?")]
    public async Task A_question_the_documents_do_not_cover_says_so_and_offers_the_team_instead_of_quoting_another_policy(string question)
    {
        var answer = await (await Visitor.StartAsync(store.Client, tenant: null)).AskAsync(question);

        answer.GetProperty("answer").GetString().Should().Contain("couldn't find that in our documents").And.Contain("team")
            .And.NotContain("says:");
        answer.GetProperty("sources").GetArrayLength().Should().Be(0);
        answer.GetProperty("intent").GetString().Should().Be("knowledge_question");
    }

    [Fact]
    public async Task A_loyalty_program_question_quotes_the_loyalty_rewards_whatever_the_documents_call_the_scheme()
    {
        var answer = await (await Visitor.StartAsync(store.Client, tenant: null)).AskAsync("do you have a loyalty program?");

        answer.GetProperty("answer").GetString().Should().Contain("one point per dollar");
        Sections(answer).Should().Equal("Price Match, Trade-In and Discounts > Loyalty rewards");
    }

    private static List<string?> Sections(JsonElement answer) =>
        answer.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("section").GetString()).ToList();

    /// <summary>The demo tenant with the demo documents and the keyless responder; no answer cache, so each question is retrieved.</summary>
    public sealed class DemoStore : IAsyncLifetime
    {
        private readonly string _uploads = Path.Combine(Path.GetTempPath(), "salesmate-tests", "uploads-" + Guid.NewGuid().ToString("N"));
        private TestDatabase _database = null!;
        private SalesMateFactory _app = null!;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
            _app = new SalesMateFactory(_database, new Dictionary<string, string>
            {
                ["demo:documents"] = "true",
                ["rag:upload_dir"] = _uploads,
                ["rag:answer_cache:enabled"] = "false",
            });
            Client = _app.CreateKestrelClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
            await _database.DisposeAsync();
            if (Directory.Exists(_uploads))
            {
                Directory.Delete(_uploads, recursive: true);
            }
        }
    }
}
