using System.Globalization;

namespace SalesMate.Services.Rag.Evaluation;

public sealed record EvaluationQuery(string Id, string Text);

/// <summary>
/// A labelled retrieval set: queries as "id TAB text" lines, and TREC qrels as "id 0 item grade" lines (grade 0 = not
/// relevant, 1 = related, 2 = answers it; higher grades are allowed). Lines starting with # are comments.
/// </summary>
public sealed record EvaluationSet(IReadOnlyList<EvaluationQuery> Queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements)
{
    public static EvaluationSet Read(string queriesPath, string qrelsPath)
    {
        var queries = new List<EvaluationQuery>();
        foreach (var (line, number) in Lines(queriesPath))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new FormatException($"{queriesPath}:{number}: expected 'query id<TAB>query text'.");
            }
            queries.Add(new EvaluationQuery(line[..tab].Trim(), line[(tab + 1)..].Trim()));
        }
        var judgements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (line, number) in Lines(qrelsPath))
        {
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4 || !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var grade) || grade < 0)
            {
                throw new FormatException($"{qrelsPath}:{number}: expected 'query id 0 item id grade' with a grade of 0 or more.");
            }
            if (!judgements.TryGetValue(parts[0], out var items))
            {
                judgements[parts[0]] = items = new Dictionary<string, int>(StringComparer.Ordinal);
            }
            items[parts[2]] = grade;
        }
        var unknown = judgements.Keys.Except(queries.Select(q => q.Id)).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"{qrelsPath} judges queries that {queriesPath} does not have: {string.Join(", ", unknown.Take(5))}.");
        }
        return new EvaluationSet(queries,
            judgements.ToDictionary(j => j.Key, j => (IReadOnlyDictionary<string, int>)j.Value, StringComparer.Ordinal));
    }

    public IReadOnlyDictionary<string, int> For(string queryId) =>
        Judgements.TryGetValue(queryId, out var items) ? items : new Dictionary<string, int>();

    private static IEnumerable<(string Line, int Number)> Lines(string path) =>
        File.ReadLines(path).Select((line, i) => (line.TrimEnd('\r'), i + 1))
            .Where(l => l.Item1.Trim().Length > 0 && !l.Item1.TrimStart().StartsWith('#'));
}
