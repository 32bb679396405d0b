using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The reader's catch-up (ARCHITECTURE §4), run at start before it serves: every page of the
/// masters' inventories, and each served account whose digest differs from the reader's on any
/// master that answered is re-read by majority (<see cref="ReaderReplication.ResyncAsync"/>).
/// </summary>
/// <remarks>
/// Catch-up rule: two masters' whole inventories are needed. A write committed before the pass
/// began is on a majority, and any two masters include one of it, so its account differs there
/// and is re-read; one master alone may be the minority that missed it.
/// </remarks>
/// <param name="peers">The masters (their inventories).</param>
/// <param name="store">The reader's file (its digests).</param>
/// <param name="replication">The reader's replication, which re-reads accounts.</param>
/// <param name="served">Which keys the reader holds: accounts, and user objects (their versions are the session epochs).</param>
/// <param name="pageSize">Digests per inventory page.</param>
/// <param name="callTimeout">How long one page may take.</param>
/// <param name="time">The clock of <paramref name="callTimeout"/>.</param>
public sealed class ReaderCatchUpPass(
    IReaderPeers peers,
    IReaderStore store,
    ReaderReplication replication,
    Func<string, bool> served,
    int pageSize,
    TimeSpan callTimeout,
    TimeProvider time)
{
    /// <summary>The masters needed (catch-up rule).</summary>
    public const int MastersNeeded = 2;

    /// <summary>One catch-up pass; call again until it is done.</summary>
    public async Task<ReaderCatchUpResult> RunAsync()
    {
        var inventories = new List<ReplicaInventory>();
        for (var master = 1; master <= 3; master++)
        {
            var index = master;
            try
            {
                inventories.Add(await InventoryPages.ReadAllAsync((from, limit) => peers.InventoryAsync(index, from, limit), pageSize, callTimeout, time));
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // A master that is down: the others decide.
            }
        }

        if (inventories.Count < MastersNeeded)
        {
            return new ReaderCatchUpResult(false, inventories.Count, 0, []);
        }

        var local = store.Digests().ToDictionary(d => d.Account, StringComparer.Ordinal);
        var stale = inventories
            .SelectMany(i => i.Accounts)
            .Where(d => served(d.Account))
            .GroupBy(d => d.Account, StringComparer.Ordinal)
            .Where(g => !local.TryGetValue(g.Key, out var mine) || !mine.Intact || g.Any(d => d.Version != mine.Version || d.Head != mine.Head))
            .Select(g => g.Key)
            .ToArray();
        var failed = await replication.ResyncAsync(stale);
        return new ReaderCatchUpResult(failed.Count == 0, inventories.Count, stale.Length, failed);
    }
}
