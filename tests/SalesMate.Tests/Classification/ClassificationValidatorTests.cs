using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Understanding;
using static SalesMate.Tests.Classification.ClassificationTestKit;

namespace SalesMate.Tests.Classification;

/// <summary>The validator and the rules fallback, without a model.</summary>
public sealed class ClassificationValidatorTests
{
    private static ClassificationValidator.Outcome Validate(string reply, string message = Message) =>
        ClassificationValidator.Validate(reply, message, Vocabulary);

    [Fact]
    public void A_code_fenced_answer_with_a_lower_case_currency_is_accepted()
    {
        var outcome = Validate("```json\n" + Json(min: null, max: 1200, currency: "usd") + "\n```");

        outcome.Errors.Should().BeEmpty();
        outcome.Result!.Budget.Should().BeEquivalentTo(new Budget(null, 1200m, "USD"));
    }

    [Fact]
    public void No_budget_and_no_contact_are_nulls()
    {
        var result = Validate(Json(min: null, max: null, currency: null, name: null, email: null, phone: null)).Result!;

        result.Budget.Should().BeNull();
        result.Contact.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_missing_currency_is_the_catalog_currency()
    {
        Validate(Json(currency: null)).Result!.Budget!.Currency.Should().Be("USD");
    }

    [Theory]
    [InlineData("", "the reply is empty")]
    [InlineData("[1, 2]", "the reply must be one JSON object")]
    [InlineData("{\"budget\": null}", "intent is missing or not a string")]
    [InlineData("{\"intent\": \"sell\"}", "intent must be one of")]
    [InlineData("{\"intent\": \"other\", \"budget\": {\"min\": -5, \"max\": null, \"currency\": \"USD\"}}", "budget.min must not be negative")]
    [InlineData("{\"intent\": \"other\", \"budget\": {\"min\": \"cheap\", \"max\": null, \"currency\": null}}", "budget.min must be a number or null")]
    [InlineData("{\"intent\": \"other\", \"budget\": {\"min\": 10, \"max\": 5, \"currency\": null}}", "budget.min must not be above budget.max")]
    [InlineData("{\"intent\": \"other\", \"budget\": {\"min\": null, \"max\": 5, \"currency\": \"$\"}}", "budget.currency must be a three-letter ISO 4217 code")]
    [InlineData("{\"intent\": \"other\", \"categories\": \"Laptops\"}", "categories must be an array of strings")]
    [InlineData("{\"intent\": \"other\", \"contact\": {\"name\": null, \"email\": \"jo.smith(at)example.com\", \"phone\": null}}", "contact.email")]
    [InlineData("{\"intent\": \"other\", \"contact\": {\"name\": null, \"email\": null, \"phone\": \"12-34\"}}", "contact.phone")]
    [InlineData("{\"intent\": \"other\", \"contact\": {\"name\": null, \"email\": null, \"phone\": \"+1 555 987 6543\"}}", "contact.phone")]
    [InlineData("{\"intent\": \"other\", \"contact\": {\"name\": \"Alex Doe\", \"email\": null, \"phone\": null}}", "contact.name")]
    public void Invalid_answers_are_rejected_with_a_reason(string reply, string reason)
    {
        var outcome = Validate(reply);

        outcome.Result.Should().BeNull();
        outcome.Errors.Should().Contain(e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_phone_with_a_country_code_the_shopper_did_not_type_is_still_theirs()
    {
        Validate(Json(phone: "+15551234567"), "call me on 555-123-4567, I'm Jo Smith, jo.smith@example.com").Errors.Should().BeEmpty();
    }

    [Fact]
    public void The_rules_read_a_name_and_never_take_a_budget_for_a_phone_number()
    {
        var result = RulesClassifier.Classify("My name is Ana Lima, phones between 1000000-2000000 please, ana@lima.dev", Vocabulary);

        result.Source.Should().Be(MessageClassification.FromRules);
        result.Contact.Should().Be(new ContactDetails("Ana Lima", "ana@lima.dev", null));
        result.Categories.Should().Equal("Phones");
    }

    [Fact]
    public void A_message_with_only_contact_details_is_contact_info_by_the_rules()
    {
        var result = RulesClassifier.Classify("hi! you can reach me at 020 7946 0958", Vocabulary);

        result.Intent.Should().Be(ClassificationIntents.ContactInfo);
        result.Contact.Phone.Should().Be("020 7946 0958");
    }
}
