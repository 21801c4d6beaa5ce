using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Rag.Answers;

namespace SalesMate.Tests.Rag.Answers;

public sealed class CitationMarkersTests
{
    [Fact]
    public void A_marker_naming_no_retrieved_passage_is_removed_and_the_rest_are_kept()
    {
        CitationMarkers.Validate("Two years [1], batteries one year [2] and free repairs [7].", passages: 2)
            .Should().Be("Two years [1], batteries one year [2] and free repairs.");
        CitationMarkers.Cited("See [2] and [1], again [2], not [9].", passages: 2).Should().Equal(2, 1);
    }

    [Theory]
    [InlineData("Two years [1] and [4].", "Two years [1] and.")]
    [InlineData("A list [a] and [ 1] stay [1]", "A list [a] and [ 1] stay [1]")]
    [InlineData("Ends with [", "Ends with [")]
    [InlineData("Number [12345] is no marker", "Number [12345] is no marker")]
    public void Streamed_pieces_of_any_size_come_out_as_the_whole_text_validated(string text, string expected)
    {
        for (var size = 1; size <= text.Length; size++)
        {
            var filter = new CitationMarkers.StreamFilter(passages: 2);
            var output = string.Concat(text.Chunk(size).Select(piece => filter.Push(new string(piece)))) + filter.Flush();
            output.Should().Be(expected, $"pieces of {size} characters");
        }
    }
}

public sealed class KnowledgeQuestionDetectorTests
{
    [Theory]
    [InlineData("how long is the warranty on laptops?", true)]
    [InlineData("Can I return an opened laptop?", true)]
    [InlineData("Do you offer gift wrapping?", true)]
    [InlineData("do you ship to Canada", true)]
    [InlineData("show me laptops under $1000", false)]
    [InlineData("compare the first two", false)]
    [InlineData("hello", false)]
    public void Questions_about_the_store_are_knowledge_questions_and_product_searches_are_not(string message, bool expected)
    {
        var parsed = ParsedFor(message);
        KnowledgeQuestionDetector.IsKnowledgeQuestion(message, parsed).Should().Be(expected);
    }

    [Theory]
    [InlineData("how long is the warranty on laptops?", true)]
    [InlineData("what payment methods do you accept?", true)]
    [InlineData("do gaming laptops come with a warranty?", true)]
    [InlineData("laptop with a 2 year warranty under $1500", false)]
    [InlineData("gaming laptop with fast delivery", false)]
    [InlineData("cheaper, with free shipping", false)]
    public void A_store_topic_inside_a_product_search_keeps_it_a_product_search(string message, bool expected) =>
        KnowledgeQuestionDetector.IsKnowledgeQuestion(message, Products.DemoCatalog.Snapshot.Parser.Parse(message)).Should().Be(expected);

    [Fact]
    public void A_question_shape_alone_does_not_turn_a_product_question_into_a_knowledge_question()
    {
        var parsed = new ParsedQuery { Categories = ["Laptops"], Features = ["battery"] };
        KnowledgeQuestionDetector.IsKnowledgeQuestion("how long does the battery last on a gaming laptop", parsed).Should().BeFalse();
        KnowledgeQuestionDetector.IsKnowledgeQuestion("how long does delivery take", new ParsedQuery()).Should().BeTrue();
    }

    private static ParsedQuery ParsedFor(string message) => message switch
    {
        _ when message.StartsWith("show me", StringComparison.Ordinal) =>
            new ParsedQuery { Categories = ["Laptops"], Budget = new Budget(null, 1000m, "USD") },
        _ when message.StartsWith("compare", StringComparison.Ordinal) => new ParsedQuery { FollowUp = FollowUpKind.Compare },
        _ => new ParsedQuery(),
    };
}
