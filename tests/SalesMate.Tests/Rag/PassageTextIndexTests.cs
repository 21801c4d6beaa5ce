using Microsoft.Data.Sqlite;
using SalesMate.Services.Rag.FullText;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>
/// The in-process full-text index against the real thing: SQLite FTS5 with migration 0011's tokenizer and the bm25() call
/// of SqliteFullTextSearch. Same tokens, same top 50, same scores.
/// </summary>
public sealed class PassageTextIndexTests
{
    private const string Tokenizer = "porter unicode61 remove_diacritics 2";

    private static readonly string[] Documents = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "data", "documents"), "*.md");

    [Fact]
    public void Tokens_equal_fts5_porter_unicode61_on_the_demo_documents_and_tricky_words()
    {
        var texts = Documents.Select(File.ReadAllText).Concat(
        [
            "Caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling " +
            "hissing fizzed failing filing happy sky relational conditional rational valenci hesitanci digitizer conformabli " +
            "radicalli differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness " +
            "callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful goodness " +
            "revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent " +
            "adoption homologou communism activate angulariti homologous effective bowdlerize probate rate cease controll roll " +
            "generalizations oscillators agreements GENERALLY Warranties warranty's 2-year 24/7 iPhone15 x86_64 e-mail abc123def",
            "Café naïve résumé Ångström façade Über coöperate crème brûlée Straße ÉCOLE déjà-vu Łódź Škoda Ørsted Đakovo Ğüzel Œuvre Ÿvette",
            "a an I us is as yes bus ss sss sses ies ied ing eed ed y yy by sky's",
        ]).ToList();
        using var db = Open();
        Execute(db, $"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{Tokenizer}'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');");
        for (var i = 0; i < texts.Count; i++)
        {
            Execute(db, "INSERT INTO t (rowid, body) VALUES ($id, $body)", ("$id", i), ("$body", texts[i]));
        }
        var fts5 = new Dictionary<long, List<(long Offset, string Term)>>();
        using (var command = db.CreateCommand())
        {
            command.CommandText = "SELECT doc, offset, term FROM v";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var doc = reader.GetInt64(0);
                (fts5.TryGetValue(doc, out var list) ? list : fts5[doc] = []).Add((reader.GetInt64(1), reader.GetString(2)));
            }
        }

        for (var i = 0; i < texts.Count; i++)
        {
            var expected = fts5[i].OrderBy(t => t.Offset).Select(t => t.Term).ToList();
            PassageTokenizer.Tokens(texts[i]).Should().Equal(expected, $"text {i} is tokenized as FTS5 does");
        }
    }

    [Fact]
    public void Top_50_and_scores_equal_fts5_bm25_over_the_same_passages()
    {
        var passages = GeneratedPassages(1500);
        using var db = Open();
        Execute(db, $"CREATE VIRTUAL TABLE f USING fts5(title, section, text, scope, tokenize = '{Tokenizer}')");
        for (var i = 0; i < passages.Count; i++)
        {
            Execute(db, "INSERT INTO f (rowid, title, section, text, scope) VALUES ($id, $title, $section, $text, 'sabc')",
                ("$id", i), ("$title", passages[i].Title ?? ""), ("$section", passages[i].Section ?? ""), ("$text", passages[i].Text));
        }
        var index = PassageTextIndex.Build(passages);
        string[] questions =
        [
            "how long is the warranty on laptops", "return an opened item restocking fee", "free delivery over 50",
            "financing with zero interest for 12 months", "trade in my old phone", "price match a competitor's lower price",
            "setup help for a new printer", "warranty warranties", "accidental damage protection", "zzzz unknownword",
            "shipping", "Café receipts and refunds",
        ];
        foreach (var question in questions)
        {
            var words = QueryTerms.Of(question);
            var expected = new List<(long Row, double Score)>();
            if (words.Count > 0)
            {
                using var command = db.CreateCommand();
                command.CommandText = """
                    SELECT rowid, -bm25(f, 2.0, 2.0, 1.0, 0.0) AS score FROM f WHERE f MATCH $match ORDER BY score DESC, rowid LIMIT 50
                    """;
                command.Parameters.AddWithValue("$match", $"{{title section text}} : ({QueryTerms.Fts5(words)})");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    expected.Add((reader.GetInt64(0), reader.GetDouble(1)));
                }
            }

            var actual = index.Top(words, 50);

            actual.Select(a => (long)a.Passage).Should().Equal(expected.Select(e => e.Row), $"\"{question}\" ranks as FTS5 ranks it");
            for (var i = 0; i < actual.Count; i++)
            {
                actual[i].Score.Should().BeApproximately(expected[i].Score, 1e-9 * Math.Max(1, expected[i].Score));
            }
        }
    }

    [Fact]
    public void A_filter_keeps_only_accepted_passages_and_unknown_words_find_nothing()
    {
        var passages = GeneratedPassages(200);
        var index = PassageTextIndex.Build(passages);
        var onlyEven = index.Top(QueryTerms.Of("warranty returns shipping"), 10, p => p % 2 == 0);
        onlyEven.Should().NotBeEmpty().And.OnlyContain(h => h.Passage % 2 == 0);
        onlyEven.Select(h => h.Score).Should().BeInDescendingOrder();
        index.Top(QueryTerms.Of("qwertyuiop"), 10).Should().BeEmpty();
        PassageTextIndex.Build([]).Top(["warranty"], 10).Should().BeEmpty();
    }

    /// <summary>Passages cut from the demo documents' sentences, shuffled into varied lengths, with titles and sections.</summary>
    private static List<IndexedPassage> GeneratedPassages(int count)
    {
        var sentences = Documents.SelectMany(f => File.ReadAllText(f).Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length > 10).ToArray();
        var titles = Documents.Select(Path.GetFileNameWithoutExtension).ToArray();
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(i => new IndexedPassage(Guid.NewGuid(), Guid.NewGuid(),
            i % 10 == 0 ? null : titles[random.Next(titles.Length)]!.Replace('-', ' '),
            i % 3 == 0 ? null : sentences[random.Next(sentences.Length)],
            string.Join(". ", Enumerable.Range(0, 1 + random.Next(8)).Select(_ => sentences[random.Next(sentences.Length)])))).ToList();
    }

    private static SqliteConnection Open()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }
}
