using SalesMate.Core.Entities;

namespace SalesMate.Services.Leads;

/// <summary>A lead's per-signal counts being added to, keeping the order in which each signal was first seen.</summary>
public sealed class SignalTally
{
    private readonly List<SignalCount> _counts;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public SignalTally(IEnumerable<SignalCount> counts)
    {
        _counts = [.. counts];
        for (var i = 0; i < _counts.Count; i++)
        {
            _index[_counts[i].Name] = i;
            Total += _counts[i].Count;
        }
    }

    /// <summary>Occurrences recorded over all signals.</summary>
    public int Total { get; private set; }

    public bool Changed { get; private set; }

    public int Of(string name) => _index.TryGetValue(name, out var i) ? _counts[i].Count : 0;

    public void Add(string name, int count)
    {
        if (count == 0)
        {
            return;
        }
        if (_index.TryGetValue(name, out var i))
        {
            _counts[i] = _counts[i] with { Count = _counts[i].Count + count };
        }
        else
        {
            _index[name] = _counts.Count;
            _counts.Add(new SignalCount(name, count));
        }
        Total += count;
        Changed = true;
    }

    public List<SignalCount> ToList() => [.. _counts];
}
