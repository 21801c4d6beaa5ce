using System.Text;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>A passage ready to store: its text is exactly <c>extracted[Start..End]</c> of the document's extracted text.</summary>
public sealed record ChunkDraft(int Ordinal, string Text, int? Page, string? Section, int Start, int End, int Tokens);

public sealed record ChunkedDocument(string ExtractedText, IReadOnlyList<ChunkDraft> Chunks);

/// <summary>
/// Structure-aware chunking. The extracted text is the blocks joined by blank lines (list items as "- item"). Chunks
/// never cross a heading or a page, so each has one section ("Warranty > Laptops") and one page for its citation;
/// paragraphs, list items and table rows are kept whole unless one alone is longer than the target, which is then cut
/// at sentence ends, else between words. When a section runs over several chunks, each repeats the tail of the one
/// before (whole blocks where they fit in the overlap, else the last words).
/// </summary>
public sealed class Chunker(int targetTokens, int overlapTokens)
{
    private readonly record struct Unit(int Start, int End, int Tokens, int? Page, int SectionIndex, string? Section);

    public ChunkedDocument Split(IReadOnlyList<DocumentBlock> blocks)
    {
        var (text, units) = Layout(blocks);
        var chunks = new List<ChunkDraft>();
        var current = new List<Unit>();
        foreach (var unit in units)
        {
            if (current.Count > 0 && (current[0].SectionIndex != unit.SectionIndex || current[0].Page != unit.Page))
            {
                Emit(current, text, chunks);
                current.Clear();
            }
            else if (current.Count > 0 && Tokens(text, current[0].Start, unit.End) > targetTokens)
            {
                var overlap = Overlap(current, text, targetTokens - unit.Tokens);
                Emit(current, text, chunks);
                current.Clear();
                current.AddRange(overlap);
                while (current.Count > 0 && Tokens(text, current[0].Start, unit.End) > targetTokens)
                {
                    current.RemoveAt(0); // the separators between blocks count too
                }
            }
            current.Add(unit);
        }
        if (current.Count > 0)
        {
            Emit(current, text, chunks);
        }
        return new ChunkedDocument(text, chunks);
    }

    /// <summary>Joins the blocks into the extracted text and turns each non-heading block into units no longer than the target.</summary>
    private (string Text, List<Unit> Units) Layout(IReadOnlyList<DocumentBlock> blocks)
    {
        var text = new StringBuilder();
        var units = new List<Unit>();
        var headings = new List<(int Level, string Text)>();
        var sectionIndex = 0;
        string? section = null;
        foreach (var block in blocks)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }
            var start = text.Length;
            text.Append(block.Kind == BlockKind.ListItem ? "- " : "").Append(block.Text);
            if (block.Kind == BlockKind.Heading)
            {
                headings.RemoveAll(h => h.Level >= block.Level);
                headings.Add((block.Level, block.Text));
                section = string.Join(" > ", headings.Select(h => h.Text));
                sectionIndex++;
                continue;
            }
            var rendered = text.ToString(start, text.Length - start);
            // A block over the target is cut into pieces that leave room for the overlap the next piece repeats.
            var pieceTokens = TokenEstimate.Count(rendered) <= targetTokens ? targetTokens : targetTokens - overlapTokens;
            foreach (var (from, to) in Pieces(rendered, 0, rendered.Length, pieceTokens))
            {
                units.Add(new Unit(start + from, start + to, TokenEstimate.Count(rendered.AsSpan(from, to - from)), block.Page, sectionIndex, section));
            }
        }
        return (text.ToString(), units);
    }

    private static void Emit(List<Unit> units, string text, List<ChunkDraft> chunks)
    {
        var start = units[0].Start;
        var end = units[^1].End;
        var passage = text[start..end];
        chunks.Add(new ChunkDraft(chunks.Count, passage, units[0].Page, units[0].Section, start, end, TokenEstimate.Count(passage)));
    }

    /// <summary>The tail of a full chunk to repeat at the start of the next: whole units while they fit, else the last words.</summary>
    private List<Unit> Overlap(List<Unit> chunk, string text, int room)
    {
        var budget = Math.Min(overlapTokens, room);
        var tail = new List<Unit>();
        if (budget <= 0)
        {
            return tail;
        }
        for (var i = chunk.Count - 1; i >= 0; i--)
        {
            if (Tokens(text, chunk[i].Start, chunk[^1].End) > budget)
            {
                if (tail.Count == 0)
                {
                    var last = chunk[^1];
                    var start = WordTailStart(text, last.Start, last.End, budget);
                    if (start < last.End)
                    {
                        tail.Add(last with { Start = start, Tokens = TokenEstimate.Count(text.AsSpan(start, last.End - start)) });
                    }
                }
                break;
            }
            tail.Insert(0, chunk[i]);
        }
        return tail;
    }

    /// <summary>Where the longest run of whole words at the end of [start, end) that fits the budget begins.</summary>
    private static int WordTailStart(string text, int start, int end, int budget)
    {
        var best = end;
        var i = end;
        while (i > start)
        {
            while (i > start && char.IsWhiteSpace(text[i - 1]))
            {
                i--;
            }
            while (i > start && !char.IsWhiteSpace(text[i - 1]))
            {
                i--;
            }
            if (TokenEstimate.Count(text.AsSpan(i, end - i)) > budget)
            {
                break;
            }
            best = i;
        }
        return best;
    }

    /// <summary>Cuts [start, end) into pieces of at most maxTokens: at sentence ends where possible, else between words, else anywhere.</summary>
    public static IEnumerable<(int Start, int End)> Pieces(string text, int start, int end, int maxTokens)
    {
        var position = start;
        while (position < end)
        {
            while (position < end && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            if (position >= end)
            {
                yield break;
            }
            if (Tokens(text, position, end) <= maxTokens)
            {
                yield return (position, TrimEnd(text, position, end));
                yield break;
            }
            var limit = Furthest(text, position, end, maxTokens);
            var cut = SentenceCut(text, position, limit) ?? WordCut(text, position, limit) ?? limit;
            yield return (position, TrimEnd(text, position, cut));
            position = cut;
        }
    }

    /// <summary>The furthest end such that [start, end) fits the budget (token counts grow with the end, so a binary search).</summary>
    private static int Furthest(string text, int start, int end, int maxTokens)
    {
        int low = start + 1, high = Math.Min(end, start + maxTokens * 4);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Tokens(text, start, middle) <= maxTokens)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return low;
    }

    /// <summary>The last sentence end (". " "! " "? " or a line break) in the second half of the window.</summary>
    private static int? SentenceCut(string text, int start, int limit)
    {
        for (var i = limit; i > start + (limit - start) / 2; i--)
        {
            if (i < text.Length && char.IsWhiteSpace(text[i]) && (text[i] == '\n' || text[i - 1] is '.' or '!' or '?'))
            {
                return i;
            }
        }
        return null;
    }

    private static int? WordCut(string text, int start, int limit)
    {
        for (var i = limit; i > start; i--)
        {
            if (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }
        return null;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return end;
    }

    private static int Tokens(string text, int start, int end) => TokenEstimate.Count(text.AsSpan(start, end - start));
}
