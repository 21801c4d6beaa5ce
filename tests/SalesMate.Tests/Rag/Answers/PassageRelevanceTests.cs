using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Answers;

namespace SalesMate.Tests.Rag.Answers;

public sealed class PassageRelevanceTests
{
    private static RetrievedPassage Passage(string title, string section, string text, int ordinal = 0) =>
        new(Guid.NewGuid(), Guid.NewGuid(), title, "doc.md", null, $"{title} > {section}", text, text, null, 1, 1, 1) { Ordinal = ordinal };

    [Fact]
    public void A_question_word_is_found_at_the_start_of_a_word_not_inside_one()
    {
        var words = PassageRelevance.ContentWords("can I pick up in store?");
        var recycling = Passage("Support, Setup and Repairs", "Recycling old electronics", "We recycle old electronics for free in every store.");

        words.Should().Equal("pick", "store");
        PassageRelevance.Of(words, recycling).Should().Be(0.5, "'store' is there; 'up' is not a subject and 'pick' is not in 'Setup'");
    }

    [Fact]
    public void A_lone_letter_is_not_a_content_word_and_how_much_asks_for_a_cost()
    {
        PassageRelevance.ContentWords("what's the interest rate?").Should().Equal("interest", "rate");
        PassageRelevance.ContentWords("how much is shipping?").Should().Equal("shipping", "cost");
    }

    [Fact]
    public void A_word_naming_a_kind_of_document_or_scheme_is_not_what_the_question_is_about()
    {
        var storeReturns = Passage("Returns Policy", "Returning in store", "Bring the item back to any store within 30 days.");

        PassageRelevance.ContentWords("what's your policy on pets in store?").Should().Equal("pets", "store");
        PassageRelevance.ContentWords("do you have a loyalty program?").Should().Equal("loyalty");
        PassageRelevance.ContentWords("what are your policies?").Should().Equal(new[] { "policies" }, "a question about the policies themselves keeps the word");
        PassageRelevance.Select("what's your policy on pets in store?", [storeReturns], 0.6, 3).Should().BeEmpty("nothing says anything about pets");
    }

    [Fact]
    public void A_shopper_word_finds_the_document_word_for_the_same_thing()
    {
        var collect = Passage("Shipping and Delivery", "Click and collect", "Order online and collect from any store.");
        var apr = Passage("Financing FAQ", "Interest-free instalments", "Pay in 12 monthly instalments at 0% APR.");

        PassageRelevance.Of(PassageRelevance.ContentWords("can I pick up in store?"), collect).Should().Be(1);
        PassageRelevance.Of(PassageRelevance.ContentWords("what's the interest rate?"), apr).Should().Be(1);
    }

    [Fact]
    public void A_question_naming_a_documents_whole_subject_gets_its_opening_sections_before_a_heading_repeating_the_word()
    {
        var voids = Passage("Warranty Policy", "What voids the warranty", "The warranty is void if the serial number is removed.", 6);
        var repairs = Passage("Support, Setup and Repairs", "Out of warranty repairs", "We repair devices that are out of warranty.", 3);
        var phones = Passage("Warranty Policy", "Phones and tablets", "Phones carry a one-year limited warranty.", 1);
        var laptops = Passage("Warranty Policy", "Laptops", "Every laptop comes with a two-year warranty.", 0);

        var selected = PassageRelevance.Select("what is your warranty?", [voids, repairs, phones, laptops], 0.6, 3);

        selected.Select(s => s.Passage).Should().Equal(laptops, phones, voids);
    }

    [Fact]
    public void Among_equally_relevant_passages_the_own_heading_naming_the_question_wins_not_the_title_in_the_path()
    {
        var loyalty = Passage("Price Match, Trade-In and Discounts", "Loyalty rewards", "Members get a voucher for every 500 points.", 5);
        var student = Passage("Price Match, Trade-In and Discounts", "Student discount", "Students get 10% off laptops.", 2);

        var selected = PassageRelevance.Select("any discounts?", [loyalty, student], 0.6, 3);

        selected.Select(s => s.Passage).Should().Equal(student, loyalty);
    }
}
