using System.Runtime.InteropServices;

namespace SalesMate.Services.Voice.Pocketsphinx;

/// <summary>
/// The few calls of Debian's libpocketsphinx.so.3 / libsphinxbase.so.3 (pocketsphinx 0.8+5prealpha) the resident decoder
/// uses. In 5prealpha <c>ps_start_utt</c> takes no utterance id and <c>ps_get_hyp</c> has no uttid out-parameter (0.8
/// had both); <c>cmd_ln_parse_r</c> is used rather than the variadic <c>cmd_ln_init</c>.
/// </summary>
internal static partial class PocketsphinxNative
{
    private const string Pocketsphinx = "libpocketsphinx.so.3";
    private const string Sphinxbase = "libsphinxbase.so.3";

    /// <summary>Parses argv-style options against <paramref name="definitions"/>; copies the strings. Null on a bad option.</summary>
    [LibraryImport(Sphinxbase, EntryPoint = "cmd_ln_parse_r")]
    internal static partial nint ParseConfig(nint existing, nint definitions, int argc, nint[] argv, int strict);

    [LibraryImport(Sphinxbase, EntryPoint = "cmd_ln_free_r")]
    internal static partial int FreeConfig(nint config);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_args")]
    internal static partial nint DecoderOptions();

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_default_search_args")]
    internal static partial void AddDefaultSearchOptions(nint config);

    /// <summary>Loads the acoustic model, dictionary and language model (the slow part, done once per decoder).</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_init")]
    internal static partial nint CreateDecoder(nint config);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_free")]
    internal static partial int FreeDecoder(nint decoder);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_start_utt")]
    internal static partial int StartUtterance(nint decoder);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_process_raw")]
    internal static partial int ProcessRaw(nint decoder, ReadOnlySpan<short> samples, nuint count, int noSearch, int fullUtterance);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_end_utt")]
    internal static partial int EndUtterance(nint decoder);

    /// <summary>The decoder's own string (valid until the next call on it), or null when nothing was heard.</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_get_hyp")]
    internal static partial nint Hypothesis(nint decoder, nint bestScore);

    /// <summary>The decoder's feature computation (sphinxbase <c>feat_t</c>), which holds the cepstral-mean state.</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_get_feat")]
    internal static partial nint Features(nint decoder);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_get_in_speech")]
    internal static partial byte InSpeech(nint decoder);
}
