using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The multi-Paxos fast path's memory (protocol rule 5): the accounts one coordinator prepared and
/// then wrote, each with the ballot its promises are under and the chosen state it wrote. While no
/// one prepares a higher ballot, the next operation on such an account needs only the accept round.
/// Each account keeps its own ballot. Bounded: once more than the capacity are remembered, the
/// oldest are forgotten first (and prepared again on their next operation).
/// </summary>
/// <remarks>
/// Not synchronized: the coordinator that owns it uses it only while it holds the accounts'
/// <see cref="AccountLocks"/>, from one scheduler at a time (a grain's, or the simulation's).
/// </remarks>
internal sealed class PreparedAccounts(int capacity)
{
    private readonly Dictionary<string, (Ballot Ballot, AccountState State)> _prepared = new(StringComparer.Ordinal);

    // Insertion order of _prepared, for evicting the oldest entries once it is full.
    private readonly Queue<string> _order = new();

    /// <summary>Whether every one of <paramref name="accounts"/> is remembered.</summary>
    public bool HoldsAll(IEnumerable<string> accounts) => accounts.All(_prepared.ContainsKey);

    /// <summary>The ballot <paramref name="account"/> is prepared under; it must be remembered.</summary>
    public Ballot BallotOf(string account) => _prepared[account].Ballot;

    /// <summary>The chosen state last written to <paramref name="account"/>; it must be remembered.</summary>
    public AccountState StateOf(string account) => _prepared[account].State;

    /// <summary>Remembers that <paramref name="account"/> is prepared under <paramref name="ballot"/> and holds <paramref name="state"/>.</summary>
    public void Remember(string account, Ballot ballot, AccountState state)
    {
        if (!_prepared.ContainsKey(account))
        {
            _order.Enqueue(account);
        }

        _prepared[account] = (ballot, state);

        // Forgotten accounts leave stale names in the queue; skip them, and rebuild it when they pile up.
        while (_prepared.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _prepared.Remove(oldest);
        }

        if (_order.Count > 2 * Math.Max(capacity, _prepared.Count))
        {
            _order.Clear();
            foreach (var name in _prepared.Keys)
            {
                _order.Enqueue(name);
            }
        }
    }

    /// <summary>Forgets <paramref name="accounts"/>: their next operation goes through the vote and the prepare.</summary>
    public void Forget(IEnumerable<string> accounts)
    {
        foreach (var account in accounts)
        {
            _prepared.Remove(account);
        }
    }
}
