using Microsoft.Extensions.AI;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>
/// The keyless default: feature hashing of word unigrams, word bigrams and character 3- and 4-grams of each word into a
/// fixed number of dimensions (384 by default), signed to cancel collisions, with sublinear term weights, L2-normalised.
/// It is lexical, not semantic: "laptop" is close to "laptops" and "lapotp" (shared character n-grams) but not to
/// "notebook". Retrieval therefore never relies on it alone: full text (BM25) and this vector search are fused, and a
/// hosted model (embeddings.provider) brings real semantics. Deterministic and stateless, so vectors never go stale.
/// </summary>
public sealed class LocalHashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const float UnigramWeight = 1f;
    private const float BigramWeight = 0.6f;
    private const float CharGramWeight = 0.35f;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i",
        "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "there", "this", "to",
        "was", "we", "what", "when", "where", "which", "who", "will", "with", "you", "your", "any", "all", "not", "no", "be",
        "been", "than", "then", "them", "they", "would", "should", "could", "about", "into", "up", "out", "want", "need",
    };

    private readonly EmbeddingGeneratorMetadata _metadata;

    public LocalHashingEmbeddingGenerator(int dimensions = 384)
    {
        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata("local", null, ModelId, dimensions);
    }

    public int Dimensions { get; }

    public string ModelId => $"{Config.EmbeddingsOptions.LocalModel}-{Dimensions}";

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var created = DateTimeOffset.UtcNow;
        var embeddings = values.Select(text => new Embedding<float>(Embed(text)) { ModelId = ModelId, CreatedAt = created });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        var counts = new Dictionary<ulong, float>();
        string? previous = null;
        foreach (var raw in TextNormalizer.Tokenize(text))
        {
            var word = Stem(raw);
            if (StopWords.Contains(raw) || word.Length == 0)
            {
                previous = null;
                continue;
            }
            Add(counts, Hash('w', word), UnigramWeight);
            if (previous is not null)
            {
                Add(counts, Hash('b', previous, word), BigramWeight);
            }
            previous = word;
            AddCharGrams(counts, raw);
        }
        foreach (var (hash, weight) in counts)
        {
            var bucket = (int)(hash % (ulong)Dimensions);
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            // Sublinear: a word said ten times is not ten times as important.
            vector[bucket] += sign * (1f + MathF.Log(weight + 1f)) * MathF.Min(weight, 1f);
        }
        return VectorBytes.Normalize(vector);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>A light English suffix strip (plurals, -ing, -ed), enough for "laptops"/"laptop" and "editing"/"edit".</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || char.IsDigit(word[0]))
        {
            return word;
        }
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5)
        {
            return word[..^3];
        }
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^2];
        }
        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 && word[^3] is 's' or 'x' or 'h')
        {
            return word[..^2];
        }
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }
        return word;
    }

    private static void AddCharGrams(Dictionary<ulong, float> counts, string word)
    {
        if (word.Length < 3)
        {
            return;
        }
        Span<char> padded = stackalloc char[Math.Min(word.Length, 40) + 2];
        padded[0] = '<';
        word.AsSpan(0, padded.Length - 2).CopyTo(padded[1..]);
        padded[^1] = '>';
        var grams = 0;
        for (var n = 3; n <= 4; n++)
        {
            grams += Math.Max(0, padded.Length - n + 1);
        }
        var weight = CharGramWeight * 4f / Math.Max(4, grams);
        for (var n = 3; n <= 4; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                Add(counts, Hash('c', padded.Slice(i, n)), weight);
            }
        }
    }

    private static void Add(Dictionary<ulong, float> counts, ulong hash, float weight) =>
        counts[hash] = counts.GetValueOrDefault(hash) + weight;

    private static ulong Hash(char kind, ReadOnlySpan<char> text, ReadOnlySpan<char> second = default)
    {
        // FNV-1a, 64-bit, then a finaliser so both the bucket (low bits) and the sign (top bit) are well mixed.
        var hash = 14695981039346656037UL;
        hash = (hash ^ kind) * 1099511628211UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        if (!second.IsEmpty)
        {
            hash = (hash ^ ' ') * 1099511628211UL;
            foreach (var c in second)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
