using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>Chunks keep blocks whole, never cross a heading or a page, overlap within a section, and point at their text.</summary>
public sealed class ChunkerTests
{
    private static string Sentence(int i) => $"Sentence {i} says something useful about the warranty terms.";

    [Fact]
    public void Small_blocks_of_one_section_share_a_chunk_with_the_heading_path_as_section()
    {
        var blocks = new[]
        {
            DocumentBlock.Heading("Warranty", 1),
            DocumentBlock.Heading("Laptops", 2),
            DocumentBlock.Paragraph("Two years on parts."),
            DocumentBlock.ListItem("Batteries: one year."),
            DocumentBlock.Heading("Phones", 2),
            DocumentBlock.Paragraph("One year."),
        };

        var result = new Chunker(500, 50).Split(blocks);

        result.Chunks.Select(c => (c.Section, c.Text)).Should().Equal(
            ("Warranty > Laptops", "Two years on parts.\n\n- Batteries: one year."),
            ("Warranty > Phones", "One year."));
    }

    [Fact]
    public void Every_chunk_is_exactly_its_span_of_the_extracted_text()
    {
        var blocks = Enumerable.Range(0, 200).Select(i => DocumentBlock.Paragraph(Sentence(i), page: 1 + i / 50)).ToList();

        var result = new Chunker(100, 20).Split(blocks);

        result.Chunks.Should().OnlyContain(c => result.ExtractedText.Substring(c.Start, c.End - c.Start) == c.Text);
        result.Chunks.Select(c => c.Ordinal).Should().Equal(Enumerable.Range(0, result.Chunks.Count));
    }

    [Fact]
    public void Chunks_stay_within_the_target_and_keep_paragraphs_whole()
    {
        var blocks = Enumerable.Range(0, 60).Select(i => DocumentBlock.Paragraph(Sentence(i))).ToList();

        var result = new Chunker(100, 0).Split(blocks);

        result.Chunks.Should().OnlyContain(c => c.Tokens <= 100);
        result.Chunks.Should().HaveCountGreaterThan(5);
        foreach (var chunk in result.Chunks)
        {
            chunk.Text.Split("\n\n").Should().OnlyContain(part => part.StartsWith("Sentence ") && part.EndsWith("terms."), "no paragraph is cut");
        }
        string.Join("\n\n", result.Chunks.Select(c => c.Text)).Should().Be(result.ExtractedText, "with no overlap the chunks tile the text");
    }

    [Fact]
    public void Consecutive_chunks_of_a_section_overlap_by_whole_blocks_up_to_the_overlap()
    {
        var blocks = Enumerable.Range(0, 60).Select(i => DocumentBlock.Paragraph(Sentence(i))).ToList();

        var chunks = new Chunker(100, 20).Split(blocks).Chunks;

        for (var i = 1; i < chunks.Count; i++)
        {
            var previousLast = chunks[i - 1].Text.Split("\n\n")[^1];
            chunks[i].Text.Should().StartWith(previousLast, "the next chunk repeats the last paragraph of the one before");
            chunks[i].Start.Should().BeLessThan(chunks[i - 1].End);
            TokenEstimate.Count(previousLast).Should().BeLessThanOrEqualTo(20);
        }
    }

    [Fact]
    public void A_long_paragraph_is_cut_at_sentence_ends_and_overlaps_by_its_last_words()
    {
        var paragraph = string.Join(' ', Enumerable.Range(0, 80).Select(Sentence));

        var chunks = new Chunker(120, 30).Split([DocumentBlock.Paragraph(paragraph)]).Chunks;

        chunks.Should().HaveCountGreaterThan(3);
        chunks.Should().OnlyContain(c => c.Tokens <= 120);
        chunks[0].Text.Should().EndWith("terms.", "the first cut is at a sentence end");
        for (var i = 1; i < chunks.Count; i++)
        {
            var overlap = chunks[i - 1].End - chunks[i].Start;
            overlap.Should().BeGreaterThan(0);
            TokenEstimate.Count(chunks[i].Text[..overlap]).Should().BeLessThanOrEqualTo(30);
        }
    }

    [Fact]
    public void A_word_longer_than_a_chunk_is_cut_anyway()
    {
        var chunks = new Chunker(50, 10).Split([DocumentBlock.Paragraph(new string('x', 1000))]).Chunks;

        chunks.Should().OnlyContain(c => c.Tokens <= 50);
        chunks.Sum(c => c.Text.Length).Should().BeGreaterThanOrEqualTo(1000);
    }

    [Fact]
    public void Chunks_never_cross_a_page_and_carry_its_number()
    {
        var blocks = new[]
        {
            DocumentBlock.Heading("Policy", 1, page: 1),
            DocumentBlock.Paragraph("Page one text.", page: 1),
            DocumentBlock.Paragraph("Page two text.", page: 2),
            DocumentBlock.Paragraph("More page two text.", page: 2),
        };

        var chunks = new Chunker(500, 50).Split(blocks).Chunks;

        chunks.Select(c => (c.Page, c.Section, c.Text)).Should().Equal(
            (1, "Policy", "Page one text."),
            (2, "Policy", "Page two text.\n\nMore page two text."));
    }

    [Fact]
    public void A_table_row_is_one_unit()
    {
        var row = "Model: ZenBook 14\nWarranty: 24 months";

        var chunks = new Chunker(500, 50).Split([DocumentBlock.Heading("Models", 1), DocumentBlock.TableRow(row)]).Chunks;

        chunks.Single().Text.Should().Be(row);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("one", 1)]
    [InlineData("four words in here", 5)]
    [InlineData("a b c d e f", 6)]
    public void Token_estimate_is_the_larger_of_words_and_characters_over_four(string text, int expected) =>
        TokenEstimate.Count(text).Should().Be(expected);
}
