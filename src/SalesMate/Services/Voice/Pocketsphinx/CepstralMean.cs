using System.Runtime.InteropServices;

namespace SalesMate.Services.Voice.Pocketsphinx;

/// <summary>
/// The decoder's cepstral mean normalisation (CMN) state, put back to what a freshly loaded decoder has before each
/// utterance. pocketsphinx adapts that mean from every utterance it hears, so a resident decoder would otherwise hear
/// an utterance differently depending on who spoke before (a test saw "laptop" turn into "look for" on the second run).
/// The 5prealpha API has no reset call, so this reads sphinxbase's structs directly:
/// <c>feat_t.cmn_struct</c> at offset 88 and <c>cmn_t { float *cmn_mean, *cmn_var, *sum; int32 nframe, veclen; }</c>
/// (x86-64, Debian 12's libsphinxbase3 0.8+5prealpha). <see cref="Find"/> checks the layout and returns null when it
/// does not look right; the pool then loads a fresh decoder per utterance instead.
/// </summary>
internal sealed class CepstralMean
{
    private const int CmnStructOffset = 88;
    private const int MeanOffset = 0;
    private const int SumOffset = 16;
    private const int FramesOffset = 24;
    private const int LengthOffset = 28;
    private const int FreshFrames = 0;

    private readonly nint _cmn;
    private readonly float[] _initial;

    private CepstralMean(nint cmn, float[] initial) => (_cmn, _initial) = (cmn, initial);

    public static CepstralMean? Find(nint features)
    {
        if (features == nint.Zero || !Environment.Is64BitProcess || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }
        var cmn = Marshal.ReadIntPtr(features, CmnStructOffset);
        if (cmn == nint.Zero)
        {
            return null;
        }
        var length = Marshal.ReadInt32(cmn, LengthOffset);
        var mean = Marshal.ReadIntPtr(cmn, MeanOffset);
        var sum = Marshal.ReadIntPtr(cmn, SumOffset);
        // A fresh decoder: 13 cepstra (the en-US model), no frames seen yet, both vectors allocated.
        if (length != 13 || Marshal.ReadInt32(cmn, FramesOffset) != FreshFrames || mean == nint.Zero || sum == nint.Zero)
        {
            return null;
        }
        var initial = new float[length];
        Marshal.Copy(mean, initial, 0, length);
        return new CepstralMean(cmn, initial);
    }

    public void Reset()
    {
        Marshal.Copy(_initial, 0, Marshal.ReadIntPtr(_cmn, MeanOffset), _initial.Length);
        Marshal.Copy(new float[_initial.Length], 0, Marshal.ReadIntPtr(_cmn, SumOffset), _initial.Length);
        Marshal.WriteInt32(_cmn, FramesOffset, FreshFrames);
    }
}
