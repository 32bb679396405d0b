using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// The invariants checked after every run, on the healed and reconciled replicas and the
/// recorded history of client calls.
/// </summary>
internal static class Checker
{
    public static List<string> Check(
        IReadOnlyList<string> accounts, SimNode[] nodes, IReadOnlyList<Attempt> history, bool converged, IEnumerable<string> leaseOverlaps)
    {
        var v = new List<string>();
        if (!converged)
        {
            v.Add("convergence: reconciliation did not bring all three replicas to one state after healing");
        }

        // Convergence: identical states and ledgers everywhere.
        foreach (var account in accounts)
        {
            var states = nodes.Select(n => n.Replica.Transact(s => s.Get(account))).ToArray();
            var heads = nodes.Select(n => string.Join(",", n.Replica.Ledger(account).Select(r => r.Hash))).ToArray();
            if (states.Any(s => s.Version != states[0].Version || s.Head != states[0].Head || s.BalanceCents != states[0].BalanceCents)
                || heads.Any(h => h != heads[0]))
            {
                v.Add($"convergence: replicas differ on {account}: " + string.Join(" | ", states.Select(s => $"v{s.Version} {s.BalanceCents}")));
            }
        }

        var ledger = accounts.ToDictionary(a => a, a => nodes[0].Replica.Ledger(a));
        var finalStates = accounts.ToDictionary(a => a, a => nodes[0].Replica.Transact(s => s.Get(a)));

        // Each account: one gapless hash chain whose arithmetic adds up, never negative.
        foreach (var (account, rows) in ledger)
        {
            if (!LedgerHash.IsValidChain(0, "", rows))
            {
                v.Add($"chain: {account} is not one gapless hash chain");
            }

            long balance = 0;
            foreach (var row in rows)
            {
                balance = row.Kind switch
                {
                    EntryKind.Deposit or EntryKind.TransferIn => balance + row.AmountCents,
                    EntryKind.Withdrawal or EntryKind.TransferOut => balance - row.AmountCents,
                    _ => balance,
                };
                if (balance != row.BalanceAfterCents)
                {
                    v.Add($"chain: {account} v{row.Version} balance {row.BalanceAfterCents} does not follow from the rows before it ({balance})");
                    balance = row.BalanceAfterCents;
                }

                if (row.BalanceAfterCents < 0)
                {
                    v.Add($"negative: {account} v{row.Version} balance {row.BalanceAfterCents}");
                }
            }

            if (finalStates[account].BalanceCents != balance || finalStates[account].Version != rows.Count)
            {
                v.Add($"chain: {account} state (v{finalStates[account].Version}, {finalStates[account].BalanceCents}) differs from its ledger");
            }

            foreach (var dup in rows.GroupBy(r => r.TxId).Where(g => g.Count() > 1))
            {
                v.Add($"at-most-once: {dup.Key} applied {dup.Count()} times on {account}");
            }
        }

        // Transfers: both legs or neither.
        var allRows = ledger.Values.SelectMany(r => r).ToArray();
        foreach (var leg in allRows.Where(r => r.IsTransferLeg))
        {
            var other = allRows.Where(r => r.TxId == leg.TxId && r.Account == leg.Counterparty).ToArray();
            var expectedKind = leg.Kind == EntryKind.TransferOut ? EntryKind.TransferIn : EntryKind.TransferOut;
            if (other.Length != 1 || other[0].Kind != expectedKind || other[0].AmountCents != leg.AmountCents || other[0].Version != leg.CounterpartyVersion)
            {
                v.Add($"atomicity: transfer {leg.TxId} has its {leg.Kind} leg on {leg.Account} without the matching other leg");
            }
        }

        // Conservation: money only enters by deposits and leaves by withdrawals.
        var total = finalStates.Values.Sum(s => s.BalanceCents);
        var net = allRows.Where(r => r.Kind == EntryKind.Deposit).Sum(r => r.AmountCents)
                  - allRows.Where(r => r.Kind == EntryKind.Withdrawal).Sum(r => r.AmountCents);
        if (total != net)
        {
            v.Add($"conservation: balances sum to {total} but deposits minus withdrawals are {net}");
        }

        // Acknowledged operations are in the final ledger with the acknowledged outcome, and were on a majority when acknowledged.
        var byTx = history.GroupBy(a => a.Operation.TxId).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var (txId, attempts) in byTx)
        {
            var rows = allRows.Where(r => r.TxId == txId).ToArray();
            var committed = attempts.Where(a => a.Verdict == CoordinatorVerdict.Committed).ToArray();
            foreach (var c in committed)
            {
                foreach (var balance in c.Outcome!.Accounts)
                {
                    if (!rows.Any(r => r.Account == balance.Account && r.Version == balance.Version && r.BalanceAfterCents == balance.BalanceCents))
                    {
                        v.Add($"durability: acknowledged {txId} ({balance.Account} v{balance.Version} = {balance.BalanceCents}) is not in the final ledger");
                    }
                }

                if (c.ReplicasHoldingAtAck < 2)
                {
                    v.Add($"durability: {txId} was acknowledged while only {c.ReplicasHoldingAtAck} replica(s) held it");
                }
            }

            var rejected = attempts.Any(a => a.Verdict == CoordinatorVerdict.Rejected);
            if (rejected && (committed.Length > 0 || rows.Length > 0))
            {
                v.Add($"finality: {txId} was answered 'rejected' but is applied");
            }

            var mayBeApplied = attempts.Any(a => a.Verdict is null or CoordinatorVerdict.Unknown or CoordinatorVerdict.Committed);
            if (!mayBeApplied && rows.Length > 0)
            {
                v.Add($"finality: {txId} was only ever answered 'failed' but is applied");
            }
        }

        // Real-time order per account: an operation acknowledged before another began comes first.
        var versions = allRows.ToDictionary(r => (r.TxId, r.Account), r => r.Version);
        var acked = byTx
            .Select(kv => (TxId: kv.Key, Invoked: kv.Value.Min(a => a.Start),
                Acked: kv.Value.Where(a => a.Verdict == CoordinatorVerdict.Committed).Select(a => a.End).DefaultIfEmpty(long.MaxValue).Min(),
                Accounts: kv.Value[0].Operation.Accounts))
            .Where(x => x.Acked != long.MaxValue)
            .ToArray();
        foreach (var a in acked)
        {
            foreach (var b in acked.Where(b => a.Acked < b.Invoked))
            {
                foreach (var account in a.Accounts.Intersect(b.Accounts))
                {
                    if (versions.TryGetValue((a.TxId, account), out var va) && versions.TryGetValue((b.TxId, account), out var vb) && va >= vb)
                    {
                        v.Add($"linearizability: {a.TxId} was acknowledged before {b.TxId} began, yet follows it on {account}");
                    }
                }
            }
        }

        v.AddRange(leaseOverlaps.Take(3).Select(o => "lease-exclusive: " + o));
        return v;
    }
}
