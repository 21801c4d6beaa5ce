using System.Text.Json;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Checks one spelling answer and applies it. Errors (retry once, then the rules): not a JSON object, no
/// <c>corrections</c> array, an item that is not an object with string <c>written</c> and <c>catalog</c>. Not errors,
/// but dropped: an entity the catalog does not have, words that are not in the message (or are inside an e-mail
/// address or link), a rewrite that is not a spelling (too far from the entity: more than half its letters differ),
/// and overlaps with an earlier correction.
/// </summary>
internal static class SpellingValidator
{
    public static StructuredOutcome<PreprocessedQuery> Validate(string? reply, string message, IReadOnlyCollection<string> entities)
    {
        if (!StructuredCall.TryParseObject(reply, out var root, out var error))
        {
            return new(null, [error]);
        }
        if (!root.TryGetProperty("corrections", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return new(null, ["corrections must be an array"]);
        }
        var pairs = new List<(string Written, string Catalog)>();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("written", out var written) || written.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("catalog", out var catalog) || catalog.ValueKind != JsonValueKind.String)
            {
                return new(null, ["each correction must be an object with the strings written and catalog"]);
            }
            pairs.Add((written.GetString()!.Trim(), catalog.GetString()!.Trim()));
        }
        return new(Apply(message, pairs, entities), []);
    }

    private static PreprocessedQuery Apply(string message, List<(string Written, string Catalog)> pairs, IReadOnlyCollection<string> entities)
    {
        var replacements = new List<(int Start, int End, string Text, SpellingCorrection Correction)>();
        foreach (var (written, catalog) in pairs)
        {
            var entity = entities.FirstOrDefault(e => string.Equals(e, catalog, StringComparison.OrdinalIgnoreCase));
            var start = written.Length == 0 ? -1 : message.IndexOf(written, StringComparison.OrdinalIgnoreCase);
            if (entity is null || start < 0)
            {
                continue;
            }
            var end = start + written.Length;
            var original = message[start..end];
            var (from, to) = (CatalogSpelling.CompactKey(original), CatalogSpelling.CompactKey(entity));
            var distance = EditDistance.Osa(from, to, Math.Max(from.Length, to.Length));
            if (original == entity || distance > Math.Max(2, to.Length / 2) || QueryPreprocessor.IsUntouchable(message, start, end)
                || replacements.Any(r => start < r.End && end > r.Start))
            {
                continue;
            }
            replacements.Add((start, end, entity, new SpellingCorrection(original, entity, distance)));
        }
        if (replacements.Count == 0)
        {
            return PreprocessedQuery.Unchanged(message) with { Source = "model" };
        }
        var text = message;
        foreach (var (start, end, replacement, _) in replacements.OrderByDescending(r => r.Start))
        {
            text = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end));
        }
        return new PreprocessedQuery(message, text, [.. replacements.OrderBy(r => r.Start).Select(r => r.Correction)]) { Source = "model" };
    }
}
