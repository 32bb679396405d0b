namespace BankOrleans.Grains.Reconciliation;

/// <summary>
/// Accounts anti-entropy should compare before its sweep reaches them, oldest first, each once:
/// accounts a coordinator left with a lagging master, and repairs a pass could not complete.
/// Bounded, because a hint is only a shortcut: an account dropped here is still found by the sweep.
/// Not thread-safe; the anti-entropy grain's turns serialise its use.
/// </summary>
internal sealed class SuspectList(int capacity)
{
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>How many accounts wait.</summary>
    public int Count => _members.Count;

    /// <summary>Adds the accounts not already waiting, while there is room; returns how many were dropped for lack of it.</summary>
    public int Add(IEnumerable<string> accounts)
    {
        var dropped = 0;
        foreach (var account in accounts)
        {
            if (_members.Contains(account))
            {
                continue;
            }

            if (_members.Count >= capacity)
            {
                dropped++;
                continue;
            }

            _members.Add(account);
            _order.Enqueue(account);
        }

        return dropped;
    }

    /// <summary>Removes and returns up to <paramref name="limit"/> of the oldest accounts.</summary>
    public IReadOnlyList<string> Take(int limit)
    {
        var taken = new List<string>(Math.Min(limit, _order.Count));
        while (taken.Count < limit && _order.TryDequeue(out var account))
        {
            _members.Remove(account);
            taken.Add(account);
        }

        return taken;
    }
}
