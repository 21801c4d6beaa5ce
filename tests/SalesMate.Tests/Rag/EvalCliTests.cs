using System.Globalization;
using System.Text.RegularExpressions;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>`salesmate eval retrieval` as a user runs it, on the shipped labelled sets.</summary>
public abstract partial class EvalCliTests(AppFixture fixture)
{
    private static string EvalFile(string name) => Path.Combine(TestEnvironment.RepoRoot, "data", "eval", name);

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync(CliRunner.DatabaseEnvironment(fixture.Factory.Database), ["eval", "retrieval", .. args]);

    [Fact]
    public async Task Documents_are_scored_in_three_modes_side_by_side_and_hybrid_finds_the_answers()
    {
        var result = await RunAsync("--queries", EvalFile("documents.queries.tsv"), "--qrels", EvalFile("documents.qrels"));

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("38 judged queries").And.Contain("nDCG@10").And.Contain("Recall@10").And.Contain("MRR");
        var hybrid = Scores(result.Output, "hybrid (RRF)");
        Scores(result.Output, "BM25 only").Should().HaveCount(3);
        Scores(result.Output, "vector only").Should().HaveCount(3);
        hybrid[0].Should().BeGreaterThan(0.7, "nDCG@10 of the hybrid ranking on the demo documents");
        hybrid[1].Should().BeGreaterThan(0.8, "Recall@10");
    }

    [Fact]
    public async Task Products_are_scored_against_the_demo_catalog()
    {
        var result = await RunAsync("--queries", EvalFile("products.queries.tsv"), "--qrels", EvalFile("products.qrels"), "--target", "products",
            "--per-query");

        result.ExitCode.Should().Be(0, result.Output);
        Scores(result.Output, "hybrid (RRF)")[0].Should().BeGreaterThan(0.7);
        result.Output.Should().Contain("P01").And.Contain("LAP-APPLE-MBP-14-M5PRO");
    }

    [Fact]
    public async Task A_malformed_qrels_file_is_reported_with_its_line()
    {
        var qrels = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.qrels");
        await File.WriteAllTextAsync(qrels, "D01 0 warranty-policy.md#laptops 2\nD02 warranty-policy.md#phones\n");

        var result = await RunAsync("--queries", EvalFile("documents.queries.tsv"), "--qrels", qrels);

        result.ExitCode.Should().Be(2);
        result.Output.Should().Contain(":2:");
    }

    private static double[] Scores(string output, string mode)
    {
        var line = output.Split('\n').First(l => l.Contains(mode, StringComparison.Ordinal));
        return [.. Number().Matches(line).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"\d\.\d{3}")]
    private static partial Regex Number();
}

[Collection("sqlite")]
public sealed class SqliteEvalCliTests(SqliteAppFixture fixture) : EvalCliTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresEvalCliTests(PostgresAppFixture fixture) : EvalCliTests(fixture), IClassFixture<PostgresAppFixture>;
