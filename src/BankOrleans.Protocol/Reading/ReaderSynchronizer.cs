using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// Brings the reader up to a set of targets from the masters' chosen history and applies the
/// result together with any pending committed rows in one transaction. It follows transfers:
/// every leg it fetches pulls the other account up to that leg as well, so what it applies is a
/// consistent cut — a reader snapshot never shows one leg of a transfer without the other.
/// </summary>
public sealed class ReaderSynchronizer(IReaderStore store, ChosenHistory history)
{
    // Each round follows one more hop of transfers; a cut of committed history is closed under
    // them, so this only bounds the work of a pathological history.
    private const int MaxRounds = 64;

    /// <summary>
    /// Reaches every target (and the other legs of the transfers on the way), then applies the
    /// fetched rows and <paramref name="pending"/> in one transaction. Returns false, applying
    /// nothing, when a target could not be fetched from any master.
    /// </summary>
    public async Task<bool> ReachAsync(IEnumerable<ReaderTarget> initial, IReadOnlyList<LedgerEntry> pending)
    {
        var targets = new Dictionary<string, ReaderTarget>(StringComparer.Ordinal);
        foreach (var t in initial)
        {
            Raise(targets, t);
        }

        var fetched = new Dictionary<string, (long UpTo, IReadOnlyList<LedgerEntry> Rows)>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRounds; round++)
        {
            var open = targets.Values.Where(t => !fetched.TryGetValue(t.Account, out var f) || f.UpTo < t.Version).ToArray();
            if (open.Length == 0)
            {
                break;
            }

            foreach (var target in open)
            {
                var state = store.GetAccount(target.Account) ?? AccountState.Empty(target.Account);
                if (state.Version >= target.Version)
                {
                    fetched[target.Account] = (target.Version, []);
                    continue;
                }

                var rows = await history.FetchAsync(target.Account, state.Version, state.Head, target.Version, target.IsCommitted);
                if (rows is null)
                {
                    return false;
                }

                fetched[target.Account] = (target.Version, rows);
                foreach (var leg in rows.Where(r => r.IsTransferLeg && r.Counterparty is not null))
                {
                    if (store.VersionOf(leg.Counterparty!) < leg.CounterpartyVersion)
                    {
                        Raise(targets, ReaderTarget.OtherLeg(leg));
                    }
                }
            }
        }

        var batch = fetched.Values.SelectMany(f => f.Rows).Concat(pending).ToArray();
        if (batch.Length == 0)
        {
            return true;
        }

        var result = store.Apply(batch);
        if (result.Complete)
        {
            store.Applied(batch.Select(r => r.Account));
        }

        return result.Complete;
    }

    private static void Raise(Dictionary<string, ReaderTarget> targets, ReaderTarget target)
    {
        if (!targets.TryGetValue(target.Account, out var existing) || existing.Version < target.Version)
        {
            targets[target.Account] = target;
        }
    }
}
