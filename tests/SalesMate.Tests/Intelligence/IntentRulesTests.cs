using SalesMate.Services.Llm.Classification;
using SalesMate.Tests.Understanding;

namespace SalesMate.Tests.Intelligence;

public sealed class IntentRulesTests
{
    private static readonly Services.Llm.Understanding.CatalogVocabulary Vocabulary =
        Services.Llm.Understanding.CatalogVocabulary.Build(UnderstandingTestCatalog.Products(), "USD");

    private static string Intent(string message) => RulesClassifier.Classify(message, Vocabulary).Intent;

    [Theory]
    [InlineData("can I talk to a real person?", "human_handoff")]
    [InlineData("I want to speak with a salesperson", "human_handoff")]
    [InlineData("connect me to customer service", "human_handoff")]
    [InlineData("please call me back tomorrow", "request_callback")]
    [InlineData("could someone call me about the Zenbook", "request_callback")]
    [InlineData("can I book a demo of the Zenbook?", "schedule_demo")]
    [InlineData("I'd like to schedule a site visit", "schedule_visit")]
    [InlineData("can I visit the store this weekend", "schedule_visit")]
    [InlineData("my order never arrived and I want a refund", "complaint")]
    [InlineData("the laptop I bought is defective", "complaint")]
    [InlineData("that's too expensive for me", "price_objection")]
    [InlineData("any discount on this?", "price_objection")]
    [InlineData("I can't afford that", "price_objection")]
    [InlineData("what is your return policy?", "knowledge_question")]
    [InlineData("do you offer free shipping", "knowledge_question")]
    [InlineData("you can reach me at 020 7946 0958", "contact_info")]
    public void The_rules_find_the_intents_of_issue_6(string message, string intent) => Intent(message).Should().Be(intent);

    [Theory]
    [InlineData("my name is Sarah Connor, email sarah@example.com, phone 555-123-4567")]
    [InlineData("my phone number is 555-123-4567")]
    [InlineData("mobile: (555) 123-4567")]
    public void A_message_that_only_gives_contact_details_is_contact_info_even_with_a_phone_label(string message) =>
        Intent(message).Should().Be("contact_info");

    [Theory]
    [InlineData("a phone to call my mum", "product_search")]
    [InlineData("laptop for a person who travels a lot", "product_search")]
    [InlineData("what is the most expensive laptop?", "product_search")]
    [InlineData("laptop with a 2 year warranty under $1500", "product_search")]
    [InlineData("cheaper", "budget_alternative")]
    [InlineData("something better", "budget_alternative")]
    [InlineData("compare the first two", "comparison")]
    [InlineData("is the zenbook good for work", "product_detail")]
    [InlineData("thanks!", "thanks")]
    [InlineData("hello", "greeting")]
    [InlineData("not right now, please don't call me, I'm just browsing", "product_search")]
    [InlineData("no need to book a demo, just show me laptops", "product_search")]
    public void The_rules_do_not_fire_on_catalog_messages(string message, string intent) => Intent(message).Should().Be(intent);

    [Theory]
    [InlineData("can I talk to a real person?")]
    [InlineData("gaming laptop under $1500 with a 2 year warranty")]
    [InlineData("you can reach me at 020 7946 0958")]
    [InlineData("compare the first two")]
    public void Classifying_with_the_catalogs_own_parser_after_it_parsed_the_message_gives_the_same_result(string message)
    {
        var parser = new Services.Llm.Understanding.QueryParser(Vocabulary);
        parser.Parse(message);

        var remembered = RulesClassifier.Classify(message, Vocabulary, parser);

        remembered.Should().BeEquivalentTo(RulesClassifier.Classify(message, Vocabulary));
    }
}
