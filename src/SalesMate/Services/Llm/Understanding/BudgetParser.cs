using System.Globalization;
using System.Text.RegularExpressions;
using static SalesMate.Services.Llm.Understanding.BudgetPatterns;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// Reads the budget out of a shopper message. Precedence: a range ("between A and B", "A-B", "from A to B"),
/// then "around X" (Target, ±15%), then "under X" (Max) and/or "over X" (Min), then a bare amount that carries a
/// currency ("$1500", "₹50,000", "2 Cr") as Max. Numbers that are specs or counts are never money (see
/// <see cref="BudgetPatterns"/>), and a number with neither currency nor multiplier below 10 is never money.
/// </summary>
public static class BudgetParser
{
    private const decimal AroundLow = 0.85m;
    private const decimal AroundHigh = 1.15m;
    private const decimal MinBareAmount = 10m;

    /// <summary>The budget in <paramref name="text"/>, or null; amounts without a currency are in <paramref name="defaultCurrency"/>.</summary>
    public static Budget? Parse(string text, string defaultCurrency) => Parse(text, defaultCurrency, null);

    /// <summary>As <see cref="Parse(string, string)"/>, also adding the character ranges of the amounts it used.</summary>
    internal static Budget? Parse(string text, string defaultCurrency, List<Range>? usedSpans)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string lower = text.ToLowerInvariant();
        List<Amount> amounts = FindAmounts(lower);
        if (amounts.Count == 0) return null;

        return TryRange(lower, amounts, defaultCurrency, usedSpans)
               ?? TryCues(lower, amounts, defaultCurrency, usedSpans)
               ?? TryCurrencyAmount(amounts, usedSpans);
    }

    private static Budget? TryRange(string lower, List<Amount> amounts, string defaultCurrency, List<Range>? used)
    {
        for (int i = 0; i + 1 < amounts.Count; i++)
        {
            Amount a = amounts[i], b = amounts[i + 1];
            ReadOnlySpan<char> prefix = lower.AsSpan(0, a.Start);
            ReadOnlySpan<char> gap = lower.AsSpan(a.End, b.Start - a.End);
            int betweenAt = CueStart(BetweenCue(), prefix), fromAt = CueStart(FromCue(), prefix);
            bool between = betweenAt >= 0;
            bool isRange = (between && (AndGap().IsMatch(gap) || DashGap().IsMatch(gap)))
                           || (DashGap().IsMatch(gap) && (between || fromAt >= 0 || LooksLikeMoneyRange(a, b)));
            if (!isRange || (a.IsBare && b.IsBare && IsYear(a.Value) && IsYear(b.Value))) continue;
            if (a.IsBare && b.IsBare && !between && fromAt < 0 && InPhoneNumber(lower, a.Start, b.End)) continue;

            // "50-60k": the multiplier on the upper bound also applies to the lower one.
            if (a.Factor == 1m && b.Factor != 1m && a.Number < b.Number) a = a with { Factor = b.Factor, Currency = a.Currency ?? b.Currency };
            if (a.IsTooSmall || b.IsTooSmall) continue;

            decimal low = Math.Min(a.Value, b.Value), high = Math.Max(a.Value, b.Value);
            used?.Add(new Range(between ? betweenAt : fromAt >= 0 ? fromAt : a.Start, b.End));
            return new Budget(low, high, a.Currency ?? b.Currency ?? defaultCurrency);
        }
        return null;
    }

    /// <summary>"300-600" with no currency, multiplier or cue: plausible prices only, not "1-3" or "2024-25".</summary>
    private static bool LooksLikeMoneyRange(Amount a, Amount b)
    {
        if (!a.IsBare || !b.IsBare) return true;
        return a.Value >= MinBareAmount && a.Value < b.Value;
    }

    /// <summary>
    /// "555-123-4567", "(555) 123-4567", "+1-555-0100-222": two bare numbers joined by a dash that are part of a longer
    /// chain of three or more digit groups are a phone number, not a price range.
    /// </summary>
    private static bool InPhoneNumber(string lower, int start, int end)
    {
        static bool Joins(char c) => char.IsAsciiDigit(c) || c is '-' or '(' or ')' or '+';
        while (start > 0 && (Joins(lower[start - 1]) || (lower[start - 1] == ' ' && start > 1 && lower[start - 2] == ')'))) start--;
        while (end < lower.Length && Joins(lower[end])) end++;
        ReadOnlySpan<char> chain = lower.AsSpan(start, end - start);
        int groups = 0;
        for (int i = 0; i < chain.Length; i++)
        {
            if (char.IsAsciiDigit(chain[i]) && (i == 0 || !char.IsAsciiDigit(chain[i - 1]))) groups++;
        }
        return groups >= 3;
    }

    /// <summary>Drops trailing decimal zeros so amounts print as the shopper wrote them (850, not 850.00).</summary>
    private static decimal Tidy(decimal value) => value / 1.0000000000000000000000000000m;

    private static bool IsYear(decimal value) => value is >= 1900 and <= 2100 && decimal.Truncate(value) == value;

    private static Budget? TryCues(string lower, List<Amount> amounts, string defaultCurrency, List<Range>? used)
    {
        Amount? min = null, max = null;
        foreach (Amount amount in amounts)
        {
            if (amount.IsTooSmall) continue;
            ReadOnlySpan<char> prefix = lower.AsSpan(0, amount.Start);
            int aroundAt = CueStart(AroundCue(), prefix), maxAt = CueStart(MaxCue(), prefix), minAt = CueStart(MinCue(), prefix);
            // The used span starts at the earliest cue, so "my budget is around" is consumed with the amount.
            int cueAt = new[] { aroundAt, maxAt, minAt, amount.Start }.Where(x => x >= 0).Min();
            if (aroundAt >= 0)
            {
                used?.Add(new Range(cueAt, amount.End));
                decimal target = amount.Value;
                return new Budget(Tidy(target * AroundLow), Tidy(target * AroundHigh), amount.Currency ?? defaultCurrency, target);
            }
            if (max is null && maxAt >= 0) max = amount with { CueStart = cueAt };
            else if (min is null && minAt >= 0) min = amount with { CueStart = cueAt };
        }
        if (min is null && max is null) return null;

        decimal? low = min?.Value, high = max?.Value;
        if (low > high) (low, high) = (high, low);
        if (min is { } floor) used?.Add(new Range(floor.CueStart, floor.End));
        if (max is { } ceiling) used?.Add(new Range(ceiling.CueStart, ceiling.End));
        return new Budget(low, high, min?.Currency ?? max?.Currency ?? defaultCurrency);
    }

    /// <summary>Where a cue pattern anchored at the end of <paramref name="prefix"/> starts, or -1.</summary>
    private static int CueStart(Regex cue, ReadOnlySpan<char> prefix)
    {
        foreach (ValueMatch match in cue.EnumerateMatches(prefix)) return match.Index;
        return -1;
    }

    private static Budget? TryCurrencyAmount(List<Amount> amounts, List<Range>? used)
    {
        foreach (Amount amount in amounts)
        {
            if (amount.Currency is null) continue;
            used?.Add(new Range(amount.Start, amount.End));
            return new Budget(null, amount.Value, amount.Currency);
        }
        return null;
    }

    private static List<Amount> FindAmounts(string lower)
    {
        var list = new List<Amount>(4);
        foreach (Match m in AmountRegex().Matches(lower))
        {
            if (!decimal.TryParse(m.Groups["num"].ValueSpan.ToString().Replace(",", "", StringComparison.Ordinal),
                    NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
            {
                continue;
            }

            string? currency = CurrencyOf(m.Groups["sym"].Value) ?? CurrencyOf(m.Groups["pw"].Value) ?? CurrencyOf(m.Groups["sw"].Value);
            (decimal factor, bool indian) = m.Groups["mult"].Success ? MultiplierOf(m.Groups["mult"].Value) : (1m, false);
            if (indian) currency ??= "INR";
            list.Add(new Amount(m.Index, m.Index + m.Length, number, factor, currency));
        }
        return list;
    }

    private readonly record struct Amount(int Start, int End, decimal Number, decimal Factor, string? Currency)
    {
        /// <summary>Where the cue before the amount starts ("under", "my budget is"); set once a cue is found.</summary>
        public int CueStart { get; init; } = Start;

        /// <summary>Number × multiplier, without trailing zeros ("1.5 lakh" = 150000, not 150000.0).</summary>
        public decimal Value => Tidy(Number * Factor);

        /// <summary>No currency and no multiplier: just a number.</summary>
        public bool IsBare => Currency is null && Factor == 1m;

        /// <summary>"under 5", "about 2": counts or ratings, not prices.</summary>
        public bool IsTooSmall => IsBare && Value < MinBareAmount;
    }
}
