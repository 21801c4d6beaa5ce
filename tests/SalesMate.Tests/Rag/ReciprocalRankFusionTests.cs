using SalesMate.Services.Rag;

namespace SalesMate.Tests.Rag;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Items_found_by_both_lists_outrank_items_at_the_top_of_one_list()
    {
        var fused = ReciprocalRankFusion.Fuse(60, ["a", "b", "c"], ["c", "d", "b"]);

        fused.Select(f => f.Item).Should().Equal("c", "b", "a", "d");
        fused[0].Score.Should().BeApproximately((1.0 / 63) + (1.0 / 61), 1e-12);
        fused[0].Ranks.Should().Equal(3, 1);
        fused[2].Ranks.Should().Equal(1, null);
    }

    [Fact]
    public void Equal_scores_go_to_the_better_single_rank_then_to_the_first_list()
    {
        var fused = ReciprocalRankFusion.Fuse(60, ["x", "y"], ["z", "w"]);

        fused.Select(f => f.Item).Should().Equal("x", "z", "y", "w");
    }

    [Fact]
    public void An_empty_list_leaves_the_other_order_unchanged()
    {
        ReciprocalRankFusion.Fuse(60, [], new[] { 3, 1, 2 }).Select(f => f.Item).Should().Equal(3, 1, 2);
    }
}
