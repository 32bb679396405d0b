using BankOrleans.Chaos.History;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Chaos.Checks;

/// <summary>
/// Checks 1–5 of the campaign (and the quorum check of two-masters-down) over the recorded history
/// and the final ledgers. Each check reports its first few violations.
/// </summary>
internal sealed class HistoryChecker(RunHistory history, FinalLedgers ledgers, IReadOnlyList<string> accounts, long fundedTotal)
{
    private const int Shown = 3;

    public IReadOnlyList<CheckResult> Run() =>
    [
        SnapshotSums(),
        NoNegativeBalance(),
        AcknowledgedDurable(),
        NoDoubleApply(),
        VersionChains(),
        NoAckWithoutQuorum(),
    ];

    /// <summary>
    /// (1) Every complete snapshot sums to the funded total. Reads are per account, so a snapshot is a
    /// cut across the accounts' version chains: each read must be the final majority ledger's balance
    /// at the version read, and the sum, corrected by the transfers the cut splits (one leg inside,
    /// the other outside), must be the funded total. Cuts that split no transfer must sum exactly.
    /// </summary>
    private CheckResult SnapshotSums()
    {
        var problems = new List<string>();
        int complete = 0, exact = 0, incomplete = 0;
        var legs = TransferLegs();
        foreach (var snapshot in history.Snapshots)
        {
            if (!snapshot.Complete)
            {
                incomplete++;
                continue;
            }

            complete++;
            var versions = snapshot.Reads.ToDictionary(r => r.Account, r => r.Version);
            foreach (var read in snapshot.Reads)
            {
                var chain = ledgers.Reference[read.Account];
                if (chain is null)
                {
                    continue; // reported by check 5
                }

                if (read.Version < 1 || read.Version > chain.Count)
                {
                    problems.Add($"{snapshot.Source}@{snapshot.Started.TotalSeconds:0.0}s read {read.Account} v{read.Version}, not in the final ledger (v{chain.Count})");
                }
                else if (chain[(int)read.Version - 1].BalanceAfterCents != read.BalanceCents)
                {
                    problems.Add($"{snapshot.Source}@{snapshot.Started.TotalSeconds:0.0}s read {read.Account} v{read.Version} = {read.BalanceCents}, ledger says {chain[(int)read.Version - 1].BalanceAfterCents}");
                }
            }

            long inFlight = 0;
            foreach (var (txId, (outAccount, outVersion, inAccount, inVersion, amount)) in legs)
            {
                var outIncluded = outVersion <= versions[outAccount];
                var inIncluded = inVersion <= versions[inAccount];
                if (outIncluded && !inIncluded)
                {
                    inFlight += amount;
                }
                else if (inIncluded && !outIncluded)
                {
                    inFlight -= amount;
                }
            }

            var sum = snapshot.Reads.Sum(r => r.BalanceCents);
            if (sum + inFlight != fundedTotal)
            {
                problems.Add($"{snapshot.Source}@{snapshot.Started.TotalSeconds:0.0}s sums to {sum} (+{inFlight} in flight), funded {fundedTotal}");
            }
            else if (inFlight == 0)
            {
                exact++;
            }
        }

        return Result("snapshot_sums", problems,
            $"{complete} complete snapshots ({exact} uncut, summing exactly to {fundedTotal}); {incomplete} with a refused read");
    }

    /// <summary>(2) No read and no ledger row shows a negative balance.</summary>
    private CheckResult NoNegativeBalance()
    {
        var problems = history.Snapshots.SelectMany(s => s.Reads).Where(r => r.Ok && r.BalanceCents < 0)
            .Select(r => $"read {r.Account} v{r.Version} = {r.BalanceCents}")
            .Concat(ledgers.ByMaster.SelectMany(m => m.Value.Values.SelectMany(rows => rows)
                .Where(e => e.BalanceAfterCents < 0).Select(e => $"master-{m.Key} {e.Account} v{e.Version} = {e.BalanceAfterCents}")))
            .ToList();
        return Result("no_negative_balance", problems, $"{history.Snapshots.Sum(s => s.Reads.Count(r => r.Ok))} reads");
    }

    /// <summary>(3) Acknowledged transfers are on a majority (both legs); definitely failed ones are on no master.</summary>
    private CheckResult AcknowledgedDurable()
    {
        var problems = new List<string>();
        var present = 0;
        foreach (var t in history.Transfers)
        {
            var holders = ledgers.ByMaster.Count(m =>
                m.Value[t.From].Any(e => RequestIdOf(e) == t.TxId && e.Kind == EntryKind.TransferOut) &&
                m.Value[t.To].Any(e => RequestIdOf(e) == t.TxId && e.Kind == EntryKind.TransferIn));
            var anyRow = ledgers.ByMaster.Any(m => m.Value.Values.Any(rows => rows.Any(e => RequestIdOf(e) == t.TxId && e.Kind != EntryKind.Void)));
            switch (t.Outcome)
            {
                case TransferOutcome.Acknowledged when holders < 2:
                    problems.Add($"acknowledged {t.TxId} is on {holders} master(s)");
                    break;
                case TransferOutcome.Failed when anyRow:
                    problems.Add($"failed ({t.Error}) {t.TxId} is in a final ledger");
                    break;
                case TransferOutcome.Unknown when holders >= 2:
                    present++;
                    break;
            }
        }

        return Result("acknowledged_in_majority", problems,
            $"{ledgers.ByMaster.Count} master ledgers read; {present} outcome-unknown transfers were applied");
    }

    /// <summary>(4) On every master, a tx_id has at most one debit and one credit row (voids aside).</summary>
    private CheckResult NoDoubleApply()
    {
        var problems = new List<string>();
        foreach (var (master, rows) in ledgers.ByMaster)
        {
            foreach (var group in rows.Values.SelectMany(r => r).Where(e => e.Kind != EntryKind.Void).GroupBy(e => (e.TxId, e.Kind)))
            {
                if (group.Count() > 1)
                {
                    problems.Add($"master-{master}: {group.Key.TxId} has {group.Count()} {group.Key.Kind} rows");
                }
            }
        }

        return Result("no_double_apply", problems, $"{ledgers.ByMaster.Sum(m => m.Value.Values.Sum(r => r.Count))} rows");
    }

    /// <summary>
    /// (5) Per account: every master's chain has versions 1..V without gaps and linked hashes; a majority
    /// holds one chain; each acknowledged version is the row of that transfer; and acknowledgements in
    /// real-time order (one completed before the other was invoked) have increasing versions.
    /// </summary>
    private CheckResult VersionChains()
    {
        var problems = new List<string>();
        foreach (var (master, rows) in ledgers.ByMaster)
        {
            foreach (var (account, chain) in rows)
            {
                for (var i = 0; i < chain.Count; i++)
                {
                    if (chain[i].Version != i + 1 || (i > 0 && chain[i].PrevHash != chain[i - 1].Hash))
                    {
                        problems.Add($"master-{master} {account}: row {i} is v{chain[i].Version}, chain broken");
                        break;
                    }
                }
            }
        }

        foreach (var account in accounts.Where(a => ledgers.Reference[a] is null))
        {
            problems.Add($"{account}: no majority of masters holds the same chain");
        }

        var acked = history.Transfers.Where(t => t.Outcome == TransferOutcome.Acknowledged).ToList();
        foreach (var account in accounts)
        {
            var chain = ledgers.Reference[account];
            if (chain is null)
            {
                continue;
            }

            var byTx = chain.GroupBy(RequestIdOf).ToDictionary(g => g.Key, g => g.First().Version);
            var mine = new List<(TransferRecord Transfer, long Version)>();
            foreach (var t in acked.Where(t => t.From == account || t.To == account))
            {
                var reported = t.Accounts.FirstOrDefault(a => a.Account == account)?.Version;
                if (!byTx.TryGetValue(t.TxId, out var version) || reported != version)
                {
                    problems.Add($"{account}: {t.TxId} acknowledged at v{reported}, ledger has v{(byTx.TryGetValue(t.TxId, out var v) ? v : 0)}");
                    continue;
                }

                mine.Add((t, version));
            }

            mine.Sort((a, b) => a.Version.CompareTo(b.Version));
            for (var i = 0; i < mine.Count; i++)
            {
                for (var j = i + 1; j < mine.Count; j++)
                {
                    if (mine[j].Transfer.Completed < mine[i].Transfer.Invoked)
                    {
                        problems.Add($"{account}: {mine[j].Transfer.TxId} (v{mine[j].Version}) was acknowledged before {mine[i].Transfer.TxId} (v{mine[i].Version}) was sent");
                    }
                }
            }
        }

        return Result("version_chain", problems, $"{accounts.Count} accounts, {acked.Count} acknowledged transfers placed");
    }

    /// <summary>Two-masters-down: no transfer sent and answered entirely inside a window with one master up was acknowledged.</summary>
    private CheckResult NoAckWithoutQuorum()
    {
        var problems = history.QuorumLost
            .SelectMany(w => history.Transfers
                .Where(t => t.Outcome == TransferOutcome.Acknowledged && t.Invoked >= w.From && t.Completed <= w.To)
                .Select(t => $"{t.TxId} acknowledged while {w.Fault}"))
            .ToList();
        return Result("no_ack_without_quorum", problems, $"{history.QuorumLost.Count} windows with one master up");
    }

    private Dictionary<string, (string OutAccount, long OutVersion, string InAccount, long InVersion, long Amount)> TransferLegs()
    {
        var legs = new Dictionary<string, (string, long, string, long, long)>();
        foreach (var account in accounts)
        {
            foreach (var row in ledgers.Reference[account] ?? [])
            {
                if (row.Kind == EntryKind.TransferOut && row.Counterparty is not null)
                {
                    legs[RequestIdOf(row)] = (account, row.Version, row.Counterparty, row.CounterpartyVersion, row.AmountCents);
                }
            }
        }

        return legs;
    }

    // Rows carry the request id scoped to the chaos user (TransactionId); the history records the request id.
    private static string RequestIdOf(LedgerEntry row) => TransactionId.RequestIdOf(row.TxId);

    private static CheckResult Result(string name, List<string> problems, string counts) =>
        new(name, problems.Count == 0, problems.Count == 0
            ? counts
            : $"{problems.Count} violation(s): {string.Join("; ", problems.Take(Shown))}{(problems.Count > Shown ? "; …" : "")} ({counts})");
}
