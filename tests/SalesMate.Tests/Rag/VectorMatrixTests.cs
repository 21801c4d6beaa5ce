using SalesMate.Vector;

namespace SalesMate.Tests.Rag;

/// <summary>
/// The int8 first pass + float32 re-rank must find exactly what the float32 scan finds. Random unit vectors are the
/// hard case for it: their similarities to a query bunch within a few hundredths of each other (standard deviation
/// 1/sqrt(384) ≈ 0.05), so rounding moves rows across the cut far more than with real embeddings, whose neighbours
/// stand out. Besides equal results, the tests require a 2× margin: no true top row ranks below half the candidate cut
/// in the int8 order.
/// </summary>
public sealed class VectorMatrixTests
{
    private const int Dimensions = 384;

    [Theory]
    [InlineData(1, 20_000, 5)]
    [InlineData(2, 40_000, 50)]
    [InlineData(3, 20_000, 100)]
    public void The_reranked_search_returns_the_exact_top_rows_and_scores_on_random_vectors(int seed, int rows, int limit)
    {
        var random = new Random(seed);
        var matrix = RandomMatrix(random, rows);
        for (var q = 0; q < 20; q++)
        {
            var query = RandomUnitVector(random);

            var exact = matrix.Top(query, limit);
            var reranked = matrix.TopReranked(query, limit);

            reranked.Should().Equal(exact);
        }
    }

    [Fact]
    public void True_top_rows_rank_well_inside_the_candidate_cut_of_the_int8_pass()
    {
        var random = new Random(7);
        var matrix = RandomMatrix(random, 20_000);
        const int limit = 50;
        var cut = Math.Max(limit * 8, 256);
        var deepest = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = RandomUnitVector(random);
            var exact = matrix.Top(query, limit).Select(h => h.Row).ToHashSet();
            var order = ApproximateOrder(matrix, query);
            deepest = Math.Max(deepest, exact.Max(row => order[row]));
        }
        deepest.Should().BeLessThan(cut / 2);
    }

    [Fact]
    public void Filters_and_ties_behave_as_in_the_exact_scan()
    {
        var random = new Random(11);
        var matrix = RandomMatrix(random, 12_000, duplicates: true);
        var query = RandomUnitVector(random);

        matrix.TopReranked(query, 30, row => row % 3 == 0).Should().Equal(matrix.Top(query, 30, row => row % 3 == 0));
        matrix.TopReranked(query, 30).Should().Equal(matrix.Top(query, 30));
    }

    [Fact]
    public void The_integer_dot_product_matches_the_scalar_one()
    {
        var random = new Random(5);
        foreach (var length in new[] { 1, 31, 32, 384, 1000 })
        {
            var query = Enumerable.Range(0, length).Select(_ => (short)random.Next(-32767, 32768)).ToArray();
            var row = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();

            Int8Rows.Dot(query, row).Should().Be(query.Zip(row, (a, b) => a * b).Sum());
        }
    }

    /// <summary>Row → its 0-based rank by the int8 approximate score (the order the first pass cuts).</summary>
    private static int[] ApproximateOrder(VectorMatrix matrix, float[] query)
    {
        var scores = Int8Rows.From(matrix).ApproximateScores(query);
        var order = new int[matrix.Count];
        var rank = 0;
        foreach (var row in Enumerable.Range(0, matrix.Count).OrderByDescending(row => scores[row]).ThenBy(row => row))
        {
            order[row] = rank++;
        }
        return order;
    }

    private static VectorMatrix RandomMatrix(Random random, int rows, bool duplicates = false)
    {
        var values = new float[rows * Dimensions];
        for (var row = 0; row < rows; row++)
        {
            var vector = duplicates && row % 10 == 9 ? values.AsSpan((row - 1) * Dimensions, Dimensions).ToArray() : RandomUnitVector(random);
            vector.CopyTo(values.AsSpan(row * Dimensions, Dimensions));
        }
        return new VectorMatrix(Dimensions, values, rows);
    }

    private static float[] RandomUnitVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }
        return VectorBytes.Normalize(vector);
    }
}
