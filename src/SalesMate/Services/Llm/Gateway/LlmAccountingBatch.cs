using SalesMate.Core.Entities;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The llm_requests rows of one chat turn, built and saved in the same transaction as the turn's answer, so accounting
/// adds no database round trip between a tool round and the next model call. Rows that arrive after the turn has
/// been saved are written on their own, as calls outside a turn are.
/// </summary>
public sealed class LlmAccountingBatch
{
    private readonly List<Func<LlmRequest>> _rows = [];
    private readonly List<LlmCallRecord> _awaitingCapture = [];
    private bool _closed;

    /// <summary>
    /// Completes when the turn may call the provider: a background stream's question is committed. Every chat call of
    /// the turn waits for it (<see cref="AccountingChatClient"/>), so the turn's reads and planning overlap the commit,
    /// and a commit that fails (a concurrent duplicate: 409) costs no model call whose row could not be stored.
    /// </summary>
    public Task Admitted { get; private set; } = Task.CompletedTask;

    public void AdmitAfter(Task committed) => Admitted = committed;

    /// <summary>
    /// A call of this turn whose request body is written once the turn's first text has been passed on
    /// (<see cref="CaptureAwaiting"/>), or when its row is built, whichever comes first: on the way to the first token the
    /// turn's calls only send.
    /// </summary>
    internal void AwaitCapture(LlmCallRecord call)
    {
        lock (_awaitingCapture)
        {
            _awaitingCapture.Add(call);
        }
    }

    internal void CaptureAwaiting(string? apiKey)
    {
        LlmCallRecord[] calls;
        lock (_awaitingCapture)
        {
            calls = [.. _awaitingCapture];
            _awaitingCapture.Clear();
        }
        foreach (var call in calls)
        {
            call.CaptureRequest(apiKey);
        }
    }

    /// <summary>False once the turn is saved: the caller then writes the row itself.</summary>
    internal bool TryAdd(Func<LlmRequest> row)
    {
        lock (_rows)
        {
            if (_closed)
            {
                return false;
            }
            _rows.Add(row);
            return true;
        }
    }

    /// <summary>Builds the collected rows (redaction and cost happen here, off the answer's critical path) and closes the batch.</summary>
    public IReadOnlyList<LlmRequest> Drain()
    {
        Func<LlmRequest>[] rows;
        lock (_rows)
        {
            _closed = true;
            rows = [.. _rows];
            _rows.Clear();
        }
        return [.. rows.Select(build => build())];
    }
}
