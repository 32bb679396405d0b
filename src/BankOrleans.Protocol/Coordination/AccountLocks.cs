namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// Local per-account locks of one coordinator. One coordinator may run many operations at once
/// (a reentrant leader grain), but two of them must never propose on the same account at the same
/// time: they would reuse one ballot for two different values of one version, which Paxos forbids.
/// Locks are taken in account-number order, so operations cannot deadlock each other.
/// </summary>
internal sealed class AccountLocks
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Waits until this caller alone holds every account in <paramref name="accounts"/>; dispose to release.</summary>
    public async Task<IDisposable> AcquireAsync(IEnumerable<string> accounts)
    {
        var held = new List<(string Account, TaskCompletionSource Mine)>();
        foreach (var account in accounts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task before;
            lock (_tails)
            {
                before = _tails.GetValueOrDefault(account) ?? Task.CompletedTask;
                _tails[account] = mine.Task;
            }

            held.Add((account, mine));
            await before;
        }

        return new Holding(this, held);
    }

    private void Release(List<(string Account, TaskCompletionSource Mine)> held)
    {
        foreach (var (account, mine) in held)
        {
            lock (_tails)
            {
                // The last holder in the queue leaves no entry behind.
                if (_tails.TryGetValue(account, out var tail) && tail == mine.Task)
                {
                    _tails.Remove(account);
                }
            }

            mine.SetResult();
        }
    }

    private sealed class Holding(AccountLocks locks, List<(string Account, TaskCompletionSource Mine)> held) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            if (!_released)
            {
                _released = true;
                locks.Release(held);
            }
        }
    }
}
