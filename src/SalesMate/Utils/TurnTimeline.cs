using System.Diagnostics;

namespace SalesMate.Utils;

/// <summary>
/// Named moments inside a turn's generation (plan loaded, prompt built, request sent, first chunk...), written to the
/// <see cref="DiagnosticListener"/> <c>SalesMate.TurnTimeline</c> as <see cref="Stopwatch"/> timestamps. Nothing is
/// written unless something subscribes (the overhead bench's <c>--timeline</c>), so a normal turn pays one check per mark.
/// </summary>
public static class TurnTimeline
{
    public const string ListenerName = "SalesMate.TurnTimeline";

    private static readonly DiagnosticListener Listener = new(ListenerName);

    public static void Mark(string moment)
    {
        if (Listener.IsEnabled(moment))
        {
            Listener.Write(moment, Stopwatch.GetTimestamp());
        }
    }
}
