using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Answers;

namespace SalesMate.Tests.Rag.Answers;

public sealed class KnowledgeAnswerTextTests
{
    [Fact]
    public void A_second_quoted_passage_is_introduced_in_a_whole_sentence()
    {
        RetrievedPassage Passage(string section, string snippet) =>
            new(Guid.NewGuid(), Guid.NewGuid(), "Warranty Policy", "warranty.md", null, section, snippet, snippet, null, 1, 1, 1);
        var grounding = new KnowledgeGrounding([Passage("Laptops", "Two years."), Passage("What voids the warranty", "Opening the case.")], null)
        {
            Relevance = [1, 1],
        };

        var (text, _) = KnowledgeAnswerText.Extractive(grounding);

        text.Should().Contain("Here is what our **Warranty Policy** (Laptops) says:")
            .And.Contain("And our **Warranty Policy** (What voids the warranty) says:")
            .And.NotContain("And from our");
    }

    [Fact]
    public void A_section_named_like_its_document_is_not_repeated_after_the_title()
    {
        var passage = new RetrievedPassage(Guid.NewGuid(), Guid.NewGuid(), "Gift wrapping", "giftwrap.md", 2, "Gift Wrapping",
            "Gift wrapping costs $4.99 per item.", "Gift wrapping costs $4.99 per item.", null, 1, 1, 1);

        var (text, _) = KnowledgeAnswerText.Extractive(new KnowledgeGrounding([passage], null) { Relevance = [1] });

        text.Should().StartWith("Here is what our **Gift wrapping** (page 2) says:");
        (passage with { Page = null }).Should().Match<RetrievedPassage>(p => KnowledgeAnswerText.Where(p) == "");
    }
}
