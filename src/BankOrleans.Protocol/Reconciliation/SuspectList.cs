namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// Accounts anti-entropy should compare before its sweep reaches them, oldest first, each once:
/// accounts a coordinator left with a lagging master, and repairs a pass could not complete.
/// Bounded in size and in attempts, because a suspect is only a shortcut: an account dropped
/// here is still found by the sweep. Not thread-safe; its <see cref="AntiEntropyPass"/>'s caller serialises its use.
/// </summary>
public sealed class SuspectList(int capacity, int maxAttempts)
{
    private readonly LinkedList<Entry> _order = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _members = new(StringComparer.Ordinal);

    /// <summary>How many accounts wait.</summary>
    public int Count => _members.Count;

    /// <summary>Adds the accounts not already waiting at the back, while there is room; returns how many were dropped for lack of it.</summary>
    public int Add(IEnumerable<string> accounts) => accounts.Count(account => !Append(new Entry(account, 0)));

    /// <summary>Removes and returns up to <paramref name="limit"/> of the oldest accounts.</summary>
    public IReadOnlyList<Entry> Take(int limit)
    {
        var taken = new List<Entry>(Math.Min(limit, _order.Count));
        while (taken.Count < limit && _order.First is { } first)
        {
            _order.RemoveFirst();
            _members.Remove(first.Value.Account);
            taken.Add(first.Value);
        }

        return taken;
    }

    /// <summary>Puts taken accounts that were not tried back at the front, in their order, attempts unchanged.</summary>
    public void ReturnUntried(IEnumerable<Entry> entries)
    {
        foreach (var entry in entries.Reverse())
        {
            if (!_members.ContainsKey(entry.Account))
            {
                _members[entry.Account] = _order.AddFirst(entry);
            }
        }
    }

    /// <summary>
    /// Queues a taken account that was tried and not settled at the back, with one attempt more;
    /// false when it has had its attempts (or there is no room) and is left to the sweep.
    /// </summary>
    public bool Retry(Entry entry) => entry.Attempts + 1 < maxAttempts && Append(entry with { Attempts = entry.Attempts + 1 });

    private bool Append(Entry entry)
    {
        if (_members.ContainsKey(entry.Account))
        {
            return true;
        }

        if (_members.Count >= capacity)
        {
            return false;
        }

        _members[entry.Account] = _order.AddLast(entry);
        return true;
    }

    /// <summary>A waiting account and how many passes already tried it.</summary>
    public readonly record struct Entry(string Account, int Attempts);
}
