using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>Every accepted format, from real files, comes out as the blocks a reader would see.</summary>
public sealed class ParserTests : IDisposable
{
    private readonly ParserHarness _harness = new();

    [Fact]
    public async Task Pdf_keeps_page_numbers_and_finds_headings()
    {
        var parsed = await _harness.ParseAsync("pdf", TestDocuments.WarrantyPdf());

        parsed.PageCount.Should().Be(3);
        parsed.Blocks.Should().ContainSingle(b => b.Kind == BlockKind.Heading && b.Text == "Laptops").Which.Page.Should().Be(2);
        parsed.Blocks.Should().ContainSingle(b => b.Text.Contains("two-year warranty")).Which.Page.Should().Be(2);
        parsed.Blocks.Should().ContainSingle(b => b.Text.Contains("Screen cracks")).Which.Page.Should().Be(3);
    }

    [Fact]
    public async Task Encrypted_pdf_fails_with_a_readable_reason()
    {
        var act = () => _harness.ParseAsync("pdf", TestDocuments.Pdf([["Secret price list"]], userPassword: "hunter2"));

        (await act.Should().ThrowAsync<DocumentParseException>()).Which.Message.Should().Contain("encrypted");
    }

    [Fact]
    public async Task Docx_headings_come_from_styles_list_items_from_numbering_and_tables_as_rows()
    {
        var parsed = await _harness.ParseAsync("docx", TestDocuments.WarrantyDocx());

        parsed.Title.Should().Be("Warranty handbook");
        parsed.Blocks.Select(b => (b.Kind, b.Level, b.Text)).Should().Equal(
            (BlockKind.Heading, 1, "Warranty"),
            (BlockKind.Heading, 2, "Laptops"),
            (BlockKind.Paragraph, 0, "Every laptop has a two-year warranty on parts and labour."),
            (BlockKind.ListItem, 0, "Batteries are covered for one year."),
            (BlockKind.ListItem, 0, "Accidental damage needs the protection plan."),
            (BlockKind.TableRow, 0, "Model: ZenBook 14\nWarranty: 24 months"),
            (BlockKind.TableRow, 0, "Model: Swift Go\nWarranty: 36 months"));
    }

    [Fact]
    public async Task Docx_zip_bomb_is_refused_before_it_is_read()
    {
        using var harness = new ParserHarness(o => o.DocxMaxUncompressedMb = 5);

        var act = () => harness.ParseAsync("docx", TestDocuments.ZipBombDocx(50L << 20));

        (await act.Should().ThrowAsync<DocumentParseException>()).Which.Message.Should().Contain("zip bomb");
    }

    [Fact]
    public async Task Docx_with_a_parent_folder_entry_is_refused()
    {
        var act = () => _harness.ParseAsync("docx", TestDocuments.ZipSlipDocx());

        (await act.Should().ThrowAsync<DocumentParseException>()).Which.Message.Should().Contain("unsafe entry name").And.Contain("../../evil.sh");
    }

    [Fact]
    public async Task Docx_with_too_many_entries_is_refused()
    {
        using var harness = new ParserHarness(o => o.DocxMaxEntries = 3);

        var act = () => harness.ParseAsync("docx", TestDocuments.WarrantyDocx());

        (await act.Should().ThrowAsync<DocumentParseException>()).Which.Message.Should().Contain("rag.docx_max_entries");
    }

    [Fact]
    public async Task Html_keeps_the_main_text_and_drops_scripts_navigation_and_chrome()
    {
        var parsed = await _harness.ParseAsync("html", TestDocuments.Html);
        var all = string.Join("\n", parsed.Blocks.Select(b => b.Text));

        parsed.Title.Should().Be("Store help: returns");
        parsed.Blocks.Should().Contain(b => b.Kind == BlockKind.Heading && b.Text == "Returns" && b.Level == 1);
        parsed.Blocks.Should().Contain(b => b.Kind == BlockKind.Paragraph && b.Text == "You can return unopened items within 30 days for a full refund.");
        parsed.Blocks.Should().Contain(b => b.Kind == BlockKind.ListItem && b.Text == "Opened cameras pay a 15% restocking fee.");
        parsed.Blocks.Should().Contain(b => b.Kind == BlockKind.TableRow && b.Text == "Item: Laptop\nWindow: 14 days");
        foreach (var noise in new[] { "SECRET-TRACKING", "INLINE-SCRIPT", "NAV-LINK", "HEADER-BANNER", "FOOTER-COPYRIGHT", "ASIDE-PROMO", "FORM-BUTTON", "color: red" })
        {
            all.Should().NotContain(noise);
        }
    }

    [Fact]
    public async Task Html_nested_ten_thousand_levels_deep_fails_cleanly_or_keeps_the_words()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 10_000)) + "deep words" + string.Concat(Enumerable.Repeat("</div>", 10_000));

        var parsed = await _harness.ParseAsync("html", html);

        parsed.Blocks.Should().Contain(b => b.Text.Contains("deep words"));
    }

    [Fact]
    public async Task Markdown_headings_nested_lists_tables_and_code()
    {
        var parsed = await _harness.ParseAsync("md", TestDocuments.Markdown);

        parsed.Title.Should().Be("Delivery guide");
        parsed.Blocks.Select(b => (b.Kind, b.Text)).Should().Equal(
            (BlockKind.Heading, "Delivery guide"),
            (BlockKind.Paragraph, "We deliver to every address in the country."),
            (BlockKind.Heading, "Express delivery"),
            (BlockKind.ListItem, "Orders before noon arrive the next day."),
            (BlockKind.ListItem, "Express costs $9.99."),
            (BlockKind.ListItem, "Free for members."),
            (BlockKind.TableRow, "Zone: City\nDays: 1"),
            (BlockKind.TableRow, "Zone: Rural\nDays: 3"),
            (BlockKind.Paragraph, "tracking: see your account page"));
    }

    [Fact]
    public async Task Csv_rows_become_column_value_lines()
    {
        var parsed = await _harness.ParseAsync("csv", TestDocuments.Csv);

        parsed.Blocks.Select(b => b.Text).Should().Equal(
            "Model: ZenBook 14\nWarranty: 24 months\nNotes: Battery one year",
            "Model: Swift Go\nWarranty: 36 months");
        parsed.Blocks.Should().OnlyContain(b => b.Kind == BlockKind.TableRow);
    }

    [Fact]
    public async Task Text_paragraphs_list_items_and_a_title_line()
    {
        var parsed = await _harness.ParseAsync("txt", TestDocuments.Text);

        parsed.Blocks.Select(b => (b.Kind, b.Text)).Should().Equal(
            (BlockKind.Heading, "STORE HOURS"),
            (BlockKind.Paragraph, "We are open Monday to Saturday from 9 am to 8 pm. On public holidays we close at 4 pm."),
            (BlockKind.ListItem, "Sunday: closed"),
            (BlockKind.ListItem, "Holidays: 10 am to 4 pm"));
    }

    [Fact]
    public async Task Latin1_text_is_read_without_replacement_characters()
    {
        var parsed = await _harness.ParseAsync("txt", System.Text.Encoding.Latin1.GetBytes("Caf\u00e9 cr\u00e8me is served all day."));

        parsed.Blocks.Single().Text.Should().Be("Caf\u00e9 cr\u00e8me is served all day.");
    }

    [Fact]
    public async Task Output_over_the_cap_fails_instead_of_growing()
    {
        using var harness = new ParserHarness(o => o.MaxExtractedChars = 10_000);
        var text = string.Join("\n\n", Enumerable.Range(0, 2000).Select(i => $"Paragraph number {i} of a very long file."));

        var act = () => harness.ParseAsync("txt", text);

        (await act.Should().ThrowAsync<DocumentParseException>()).Which.Message.Should().Contain("rag.max_extracted_chars");
    }

    [Fact]
    public async Task A_file_with_no_text_fails_with_a_reason()
    {
        var act = () => _harness.ParseAsync("md", "<!-- only a comment -->\n\n---\n");

        (await act.Should().ThrowAsync<DocumentParseException>()).Which.Message.Should().Be("The document contains no text.");
    }

    public void Dispose() => _harness.Dispose();
}
