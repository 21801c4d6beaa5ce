using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Services.Llm;

/// <summary>
/// What one product's catalog data says about an attribute the shopper asked about ("touchscreen", "battery life",
/// "usb c"): a spec, a tag or a sentence of the description, quoted as written; never a guess. Words are compared in
/// any of their forms (<see cref="PhraseForms"/>: "speakers" finds "six-speaker", "noisecancelling" finds "Noise Cancelling").
/// </summary>
internal static class ProductFacts
{
    /// <summary>
    /// One sentence answering <paramref name="asked"/> (normalised) for <paramref name="p"/>, from its data only. When the
    /// whole phrase is nowhere, the longest feature phrase of the catalog in it is looked for ("usb c ports": "usb c").
    /// </summary>
    public static string Answer(Product p, string asked, CatalogVocabulary vocabulary)
    {
        var name = $"**{p.Name}**";
        var words = asked.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (asked is "price" or "cost" or "much")
        {
            return $"The {name} is {Money.Format(p.Price, p.Currency)}.";
        }
        if (asked is "stock" or "available" or "availability")
        {
            return p.Stock > 0 ? $"The {name} has {p.Stock} in stock." : $"The {name} is currently out of stock.";
        }
        if (asked is "rating" or "rated" && p.Rating is { } rating)
        {
            return $"The {name} is rated {rating:0.0}/5.";
        }

        // A spec whose key the question names: "battery life" -> Battery, "how heavy" -> Weight, "refresh rate" -> Refresh Rate.
        var keyWords = words.Select(w => VocabularyLexicon.AttributeAliases.GetValueOrDefault(w, w)).ToList();
        var asKey = string.Join(' ', keyWords);
        var spec = p.Specs.FirstOrDefault(s => TextNormalizer.Tokenize(s.Key) is { Count: > 0 } key
                                               && (key.All(k => keyWords.Any(w => SameWord(w, k))) || key.Any(k => keyWords.Any(w => PhraseForms.SameWord(w, k)))
                                                   || PhraseForms.Contains(asKey, TextNormalizer.Normalize(s.Key))));
        if (spec.Key is not null)
        {
            return CatalogSnapshot.SpecText(spec).Length == 0
                ? $"The {name} does not have {spec.Key} (our catalog lists it as \"{spec.Value}\")."
                : VocabularyLexicon.AffirmativeValues.Contains(spec.Value.Trim().ToLowerInvariant())
                    ? $"Yes, the {name} has {spec.Key}."
                    : $"The {name} has {spec.Key}: {spec.Value}.";
        }

        foreach (var phrase in (string[])[asked, .. FeaturePhrases(words, vocabulary)])
        {
            if (Mention(p, name, phrase) is { } found)
            {
                return found;
            }
        }
        return $"Our catalog doesn't list {string.Join(' ', keyWords)} for the {name}.";
    }

    /// <summary>The phrase in a spec value, a tag or the description: "usb c" in Ports "USB-C (96W), 2x HDMI"; else null.</summary>
    private static string? Mention(Product p, string name, string phrase)
    {
        bool Says(string text) => PhraseForms.Contains(TextNormalizer.Normalize(text), phrase);
        var inValue = p.Specs.FirstOrDefault(s => Says(s.Value) || Says(s.Key));
        if (inValue.Key is not null)
        {
            return $"Yes, the {name} has {inValue.Key}: {inValue.Value}.";
        }
        if (p.Tags.FirstOrDefault(Says) is { } tag)
        {
            return $"Yes, the {name} is listed with \"{tag}\".";
        }
        var sentence = p.Description.Split(". ", StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Says);
        return sentence is null ? null : $"From the {name} description: \"{sentence.TrimEnd('.')}.\"";
    }

    /// <summary>The catalog's feature phrases inside the asked words, longest first ("usb c ports" -> "usb c").</summary>
    private static IEnumerable<string> FeaturePhrases(string[] words, CatalogVocabulary vocabulary)
    {
        for (int length = words.Length - 1; length >= 1; length--)
        {
            for (int start = 0; start + length <= words.Length; start++)
            {
                var phrase = string.Join(' ', words, start, length);
                if (vocabulary.IsFeature(phrase))
                {
                    yield return phrase;
                }
            }
        }
    }

    /// <summary>Equal, or one typo apart for longer words ("batery" is "battery").</summary>
    private static bool SameWord(string a, string b) =>
        a == b || (a.Length >= 5 && b.Length >= 5 && Intelligence.EditDistance.Osa(a, b, 1) <= 1);
}
