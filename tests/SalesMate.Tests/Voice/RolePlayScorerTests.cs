using SalesMate.Services.Training;
using SalesMate.Services.Voice;

namespace SalesMate.Tests.Voice;

/// <summary>Role-play scoring on scripted transcripts: handling that must score, and handling that must not.</summary>
public sealed class RolePlayScorerTests
{
    private static readonly string[] Compliance = ["optional", "terms and conditions"];

    [Fact]
    public void Price_objection_handled_with_facts_and_disclosures_scores_high()
    {
        var report = RolePlayScorer.Score(ObjectionProfiles.Find("price_sensitive")!,
        [
            "I hear you. It is optional, and it works out to $14 a month.",
            "GAP coverage pays the loan payoff if the car is a total loss; the terms and conditions are in the contract.",
        ], Compliance);
        report.Score.Should().BeGreaterThanOrEqualTo(80);
        report.Objections.Should().OnlyContain(o => o.Addressed);
        report.Compliance.Missing.Should().BeEmpty();
    }

    [Fact]
    public void Pushy_answers_without_facts_or_disclosures_score_low()
    {
        var report = RolePlayScorer.Score(ObjectionProfiles.Find("price_sensitive")!,
            ["Everyone buys it.", "Just sign here, trust me."], Compliance);
        report.Score.Should().BeLessThan(20);
        report.Objections.Should().OnlyContain(o => !o.Addressed);
        report.Compliance.Missing.Should().Equal(Compliance);
        report.Summary.Should().Contain("Not addressed");
    }

    [Fact]
    public void Words_inside_other_words_do_not_count_and_silence_scores_zero()
    {
        var profile = ObjectionProfiles.Find("in_a_hurry")!;
        RolePlayScorer.Score(profile, ["quickly is not a word we use, unprotected"], []).Objections.Should().OnlyContain(o => !o.Addressed);
        RolePlayScorer.Score(profile, [], Compliance).Score.Should().Be(0);
    }

    [Fact]
    public void Skeptic_is_satisfied_by_backing_and_written_terms()
    {
        var report = RolePlayScorer.Score(ObjectionProfiles.Find("skeptical")!,
            ["It is underwritten by a national insurer and every claim is handled by them.", "You get the contract in writing and can cancel for a refund."], []);
        report.Objections.Should().OnlyContain(o => o.Addressed);
    }

    [Fact]
    public void Sentences_are_cut_as_text_streams_without_breaking_prices()
    {
        var splitter = new SentenceSplitter();
        splitter.Add("The Acme costs $799.").Should().BeEmpty();
        splitter.Add("99 today. It has 16 GB").Should().Equal("The Acme costs $799.99 today.");
        splitter.Add(" of memory! Want it?").Should().Equal("It has 16 GB of memory!");
        splitter.Flush().Should().Be("Want it?");
        SpokenText.Clean("**Yes** [1], see https://x.example/a").Should().Be("Yes , see the link");
    }

    [Fact]
    public void A_long_first_sentence_is_spoken_from_its_first_clause_and_later_ones_whole()
    {
        var splitter = new SentenceSplitter();
        splitter.Add("Yes, we do.").Should().BeEmpty("a short opening clause waits for its sentence");
        splitter.Add(" ").Should().Equal("Yes, we do.");

        splitter = new SentenceSplitter();
        splitter.Add("The Acme Pro 14 costs $1,299 and comes with").Should().BeEmpty("no clause ends yet (1,299 is a number)");
        splitter.Add(" 16 GB of memory, a bright screen").Should().Equal("The Acme Pro 14 costs $1,299 and comes with 16 GB of memory,");
        splitter.Add(" and a good keyboard, all for you. Want").Should().Equal("a bright screen and a good keyboard, all for you.");
        splitter.Flush().Should().Be("Want");
    }

    [Fact]
    public void A_price_said_before_a_comma_is_one_figure_without_the_comma_and_counts_once()
    {
        var report = RolePlayScorer.Score(ObjectionProfiles.Find("skeptical")!, ["It's $1,299, and honestly $1,299 is fair."], []);

        report.KnowledgeEvidence.Should().Equal("$1,299");
        report.ProductKnowledge.Should().Be(8);
    }
}
