using SalesMate.Core.Entities;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm.Classification;

namespace SalesMate.Tests.Intelligence;

public sealed class SentimentAnalyzerTests
{
    [Theory]
    [InlineData("this is useless, you are not listening!!", "frustrated", 7)]
    [InlineData("I already told you, not what I asked", "frustrated", 6)]
    [InlineData("that's not what I asked for", "negative", 3)]
    [InlineData("this is terrible", "negative", 2)]
    [InlineData("WHY IS THIS SO HARD, useless", "frustrated", 5)]
    [InlineData("wow, that looks amazing!", "excited", 0)]
    [InlineData("great, thanks", "positive", 0)]
    public void The_rules_read_mood_and_frustration(string message, string sentiment, int frustration) =>
        SentimentAnalyzer.Rules(message).Should().Be((sentiment, frustration));

    [Theory]
    [InlineData("show me laptops under $800")]
    [InlineData("compare the RTX 4070 and the RTX 4060")]
    [InlineData("not bad at all")]
    [InlineData("I need a 16GB RAM laptop with an OLED screen")]
    public void Ordinary_messages_are_neither_negative_nor_frustrated(string message)
    {
        var (sentiment, frustration) = SentimentAnalyzer.Rules(message);
        frustration.Should().Be(0);
        sentiment.Should().BeOneOf(Sentiments.Neutral, Sentiments.Positive);
    }

    [Fact]
    public void Sustained_frustration_climbs_and_calm_messages_let_it_fall()
    {
        SentimentAnalyzer.Combine(0, 3).Should().Be(3);
        SentimentAnalyzer.Combine(3, 3).Should().Be(4, "a second complaint in a row adds up");
        SentimentAnalyzer.Combine(4, 7).Should().Be(8);
        SentimentAnalyzer.Combine(10, 9).Should().Be(10);
        SentimentAnalyzer.Combine(6, 0).Should().Be(4);
        SentimentAnalyzer.Combine(1, 0).Should().Be(0);
    }

    [Fact]
    public void The_models_reading_wins_over_the_rules_and_the_rules_fill_in_without_it()
    {
        var state = new ConversationState { SentimentHistory = [new SentimentEntry("negative", 3, DateTime.UnixEpoch)] };
        var model = new MessageClassification { Intent = "other", Source = "model", Sentiment = "frustrated", Frustration = 6 };

        var fromModel = SentimentAnalyzer.Analyze("show me laptops", state, model);
        fromModel.Should().Be(new SentimentReading("frustrated", 6, 7, "model"));
        fromModel.Tone.Kind.Should().Be(ToneAdjustment.EmpathyKind);

        var fromRules = SentimentAnalyzer.Analyze("show me laptops", state, model with { Sentiment = null, Frustration = null });
        fromRules.Should().Be(new SentimentReading("neutral", 0, 1, "rules"));
        fromRules.Tone.Should().Be(ToneAdjustment.None);
    }

    [Fact]
    public void Excitement_asks_for_enthusiasm_and_calm_asks_for_nothing()
    {
        SentimentAnalyzer.Analyze("wow, amazing!", new ConversationState()).Tone.Should().Be(ToneAdjustment.Enthusiasm);
        SentimentAnalyzer.Analyze("show me tablets", new ConversationState()).Tone.Should().Be(ToneAdjustment.None);
    }
}
