using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Flow;

/// <summary>A message written in another language, and the English words the shopping words in it stand for.</summary>
/// <param name="Language">The language's English name ("Spanish").</param>
/// <param name="Gloss">The recognised shopping words in English ("cheap laptops"), numbers and names kept; empty when none.</param>
public sealed record ForeignMessage(string Language, string Gloss);

/// <summary>
/// The keyless assistant reads and writes English only. This spots a message in Spanish, German, French, Portuguese or
/// Italian by its everyday words (and accents), so the shopper is told so instead of getting an answer to a misread
/// search, and glosses the shopping words it knows (categories, "cheap", "under"), so a recognisable request is still
/// served. A message needs two words of one language, or one and an accent of it, so a brand or an English word that
/// happens to be foreign ("hola", "de") is never enough.
/// </summary>
public static class ForeignLanguage
{
    private sealed record Lexicon(string Name, string Accents, HashSet<string> Markers, Dictionary<string, string> Glossary);

    private static Lexicon Language(string name, string accents, string markers, params (string Foreign, string English)[] glossary) =>
        new(name, accents, new HashSet<string>(markers.Split(' '), StringComparer.Ordinal),
            glossary.ToDictionary(g => g.Foreign, g => g.English, StringComparer.Ordinal));

    private static readonly Lexicon[] Languages =
    [
        Language("Spanish", "ñ¿¡áíóú",
            "tienes tiene tienen teneis busco buscando quiero necesito para con los las el una unos unas por que usted puedo cuanto cuesta " +
            "cuestan hola gracias mejor precio tienda vendes venden muy del",
            ("portatil", "laptop"), ("portatiles", "laptops"), ("ordenador", "laptop"), ("ordenadores", "laptops"), ("computadora", "laptop"),
            ("auriculares", "headphones"), ("audifonos", "headphones"), ("cascos", "headphones"), ("telefono", "phone"), ("telefonos", "phones"),
            ("movil", "phone"), ("moviles", "phones"), ("celular", "phone"), ("celulares", "phones"), ("tableta", "tablet"), ("tabletas", "tablets"),
            ("reloj", "watch"), ("relojes", "watches"), ("camara", "camera"), ("camaras", "cameras"), ("televisor", "tv"), ("televisores", "tvs"),
            ("barato", "cheap"), ("baratos", "cheap"), ("barata", "cheap"), ("baratas", "cheap"), ("economico", "cheap"), ("economicos", "cheap"),
            ("menos de", "under"), ("hasta", "under"), ("mas de", "over"), ("juegos", "gaming"), ("dolares", "dollars")),
        Language("German", "äöüß",
            "haben sie ich suche suchen einen eine einem ein fur fuer und mit nicht gibt es wie viel kostet kosten mochte moechte brauche bitte " +
            "guten hallo danke welche zum der das dem den ihr habt bei",
            ("kopfhorer", "headphones"), ("kopfhoerer", "headphones"), ("handys", "phones"), ("fernseher", "tv"),
            ("kamera", "camera"), ("kameras", "cameras"), ("uhr", "watch"), ("billig", "cheap"), ("billige", "cheap"), ("billigen", "cheap"),
            ("gunstig", "cheap"), ("gunstige", "cheap"), ("guenstig", "cheap"), ("guenstige", "cheap"), ("preiswert", "cheap"),
            ("unter", "under"), ("bis", "under"), ("uber", "over"), ("ueber", "over"), ("spiele", "gaming")),
        Language("French", "çéèêàâîôûœ",
            "je cherche recherche une des pour avec vous avez est moins cher voudrais veux combien bonjour merci quel quelle les du le la un " +
            "cest jai suis auriez pas bon",
            ("ordinateur portable", "laptop"), ("ordinateurs portables", "laptops"), ("ordinateur", "laptop"),
            ("casque", "headphones"), ("casques", "headphones"), ("ecouteurs", "headphones"), ("telephone", "phone"), ("telephones", "phones"),
            ("tablette", "tablet"), ("tablettes", "tablets"), ("montre", "watch"), ("montres", "watches"), ("appareil photo", "camera"),
            ("televiseur", "tv"), ("pas cher", "cheap"), ("pas chers", "cheap"), ("bon marche", "cheap"), ("moins de", "under"),
            ("plus de", "over"), ("jeux", "gaming")),
        Language("Portuguese", "ãõçáéíóú",
            "voce voces tem procuro quero preciso para os uma por que quanto custa obrigado ola algum alguma mais",
            ("portatil", "laptop"), ("fones", "headphones"), ("fone", "headphones"), ("celular", "phone"),
            ("telemovel", "phone"), ("barato", "cheap"), ("baratos", "cheap"), ("menos de", "under")),
        Language("Italian", "àèéìòù",
            "avete cerco vorrei voglio bisogno con gli il una che quanto costa grazie ciao qualcosa",
            ("portatile", "laptop"), ("portatili", "laptops"), ("cuffie", "headphones"), ("telefono", "phone"), ("cellulare", "phone"),
            ("economico", "cheap"), ("economici", "cheap"), ("sotto", "under"), ("fino a", "under")),
    ];

    /// <summary>The language a message is written in when it is not English, else null.</summary>
    public static ForeignMessage? Detect(string message)
    {
        var text = $" {TextNormalizer.Normalize(message)} ";
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lower = message.ToLowerInvariant();
        var best = Languages
            .Select(l => (Lexicon: l, Score: words.Count(l.Markers.Contains) + l.Glossary.Keys.Count(k => text.Contains($" {k} ", StringComparison.Ordinal)),
                Accented: lower.Any(c => l.Accents.Contains(c))))
            .OrderByDescending(x => x.Score + (x.Accented ? 1 : 0))
            .First();
        if (best.Score < 1 || best.Score + (best.Accented ? 1 : 0) < 2)
        {
            return null;
        }
        return new ForeignMessage(best.Lexicon.Name, Gloss(text, best.Lexicon));
    }

    /// <summary>The known shopping words in English, in order, with numbers, currencies and unknown names kept; function words dropped.</summary>
    private static string Gloss(string text, Lexicon lexicon)
    {
        foreach (var (foreign, english) in lexicon.Glossary.Where(g => g.Key.Contains(' ')))
        {
            text = text.Replace($" {foreign} ", $" {english} ", StringComparison.Ordinal);
        }
        var kept = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => lexicon.Glossary.GetValueOrDefault(w) ?? (lexicon.Markers.Contains(w) ? null : w))
            .OfType<string>();
        return string.Join(' ', kept);
    }
}
