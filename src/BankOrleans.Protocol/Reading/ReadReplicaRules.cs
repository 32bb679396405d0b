using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The read replica's rules (ARCHITECTURE §4), as pure functions over one transaction's view of
/// the reader's file (same schema as a master's replica; ballots stay zero). The reader only
/// ever holds committed rows, per account in version order, each chained onto the previous one.
/// </summary>
public static class ReadReplicaRules
{
    /// <summary>
    /// Whether <paramref name="rows"/> are a whole operation for the feed: every transfer leg's
    /// other leg travels with it (the reader applies both legs together or neither). A retry that
    /// found only one leg applied on a replica has part of an operation: it is marked for the
    /// heartbeat, which follows the leg to the other, but never fed.
    /// </summary>
    public static bool IsWholeOperation(IReadOnlyList<LedgerEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.All(r => !r.IsTransferLeg || r.Counterparty is null
            || rows.Any(o => o.Account == r.Counterparty && o.Version == r.CounterpartyVersion && o.TxId == r.TxId));
    }

    /// <summary>
    /// Apply rule: every account's new rows must follow the reader's newest row of that account
    /// (version + 1, previous hash = head) and chain with valid hashes; rows already held must be
    /// the same rows. Then all new rows of the batch are written together — both legs of a
    /// transfer in one transaction — or, if any account has a gap or a conflict, none are.
    /// </summary>
    public static ReaderApplyResult Apply(IReplicaState state, IReadOnlyList<LedgerEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rows);
        var gaps = new List<ReaderGap>();
        var conflicts = new List<string>();
        var plan = new List<(AccountState Current, LedgerEntry[] Rows)>();

        foreach (var group in rows.GroupBy(r => r.Account, StringComparer.Ordinal))
        {
            var current = state.Get(group.Key);
            var ordered = group.DistinctBy(r => r.Version).OrderBy(r => r.Version).ToArray();
            if (ordered.Where(r => r.Version <= current.Version).Any(r => state.EntryAt(r.Account, r.Version)?.Hash != r.Hash))
            {
                conflicts.Add(group.Key);
                continue;
            }

            var fresh = ordered.Where(r => r.Version > current.Version).ToArray();
            if (fresh.Length == 0)
            {
                continue;
            }

            var first = fresh[0];
            if (first.Version > current.Version + 1)
            {
                gaps.Add(new ReaderGap(group.Key, current.Version, first.Version - 1, first.PrevHash));
                continue;
            }

            if (!LedgerHash.IsValidChain(current.Version, current.Head, fresh))
            {
                conflicts.Add(group.Key);
                continue;
            }

            plan.Add((current, fresh));
        }

        if (gaps.Count > 0 || conflicts.Count > 0)
        {
            return new ReaderApplyResult(0, gaps, conflicts);
        }

        var applied = 0;
        foreach (var (current, fresh) in plan)
        {
            foreach (var row in fresh)
            {
                state.Append(row);
                applied++;
            }

            state.Put(StateAfter(current, fresh[^1]));
        }

        return new ReaderApplyResult(applied, [], []);
    }

    /// <summary>
    /// Rebuild rule: replaces the reader's copy of one account with <paramref name="history"/>,
    /// the account's chosen rows from version 1, which must form a valid chain.
    /// </summary>
    /// <exception cref="ArgumentException">The rows are not a valid chain of one account from version 1.</exception>
    public static void Rebuild(IReplicaState state, string account, IReadOnlyList<LedgerEntry> history)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0 || history.Any(r => r.Account != account) || !LedgerHash.IsValidChain(0, "", history))
        {
            throw new ArgumentException($"rebuild of {account} needs a valid chain from version 1");
        }

        state.TruncateAfter(account, 0);
        foreach (var row in history)
        {
            state.Append(row);
        }

        state.Put(StateAfter(AccountState.Empty(account), history[^1]));
    }

    private static AccountState StateAfter(AccountState current, LedgerEntry top) =>
        current with { Owner = top.Owner, BalanceCents = top.BalanceAfterCents, Version = top.Version, Head = top.Hash, Frozen = false };
}
