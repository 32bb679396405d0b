using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// Decides, from a majority of promises, which state of each account is (or must be made)
/// chosen before a new operation is accepted. Pure: the coordinator supplies the promises
/// and any rows it looked up.
/// </summary>
/// <remarks>
/// Rules (ARCHITECTURE §3.2, with the transfer rule this implementation adds):
/// <list type="number">
/// <item>Pick rule: per account, the state at the highest version, and among those the one
/// accepted under the highest ballot. If every promise holds that state under that ballot it is
/// already chosen; otherwise it is completed (installed under the new ballot) first.</item>
/// <item>Transfer rule: a transfer is only ever accepted with both legs together, so it is chosen
/// on one account iff it is chosen on the other. When the pick of account A is a leg of transfer T
/// that is not known chosen, look at the other account Z (which must be in the lease too):
/// T is completed only if Z's pick at T's version is T, or Z's chosen history already has T there.
/// Otherwise T cannot have been chosen, and never can be once A's version is taken, so A's version
/// is completed with a <see cref="EntryKind.Void"/> row instead (balance as before T).</item>
/// </list>
/// </remarks>
public static class Resolver
{
    /// <summary>Resolves every account in <paramref name="accounts"/>.</summary>
    /// <param name="accounts">The accounts under the coordinator's lease and promises.</param>
    /// <param name="promises">Promises from at least a majority of replicas, each covering every account.</param>
    /// <param name="lookups">Rows already looked up, by (account, version); null where the replica had none.</param>
    public static Resolution Resolve(
        IReadOnlyCollection<string> accounts,
        IReadOnlyList<(int Replica, PrepareReply Reply)> promises,
        IReadOnlyDictionary<(string Account, long Version), LedgerEntry?> lookups)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var needed = new List<EntryLookup>();
        var targets = new Dictionary<string, AccountTarget>(StringComparer.Ordinal);

        foreach (var account in accounts)
        {
            var snaps = Snapshots(promises, account);
            var highest = snaps.Max(s => s.Snapshot.State.Version);
            if (highest == 0)
            {
                targets[account] = new AccountTarget(AccountState.Empty(account), false, 0, "", [], snaps[0].Replica);
                continue;
            }

            var top = Pick(snaps, highest);
            var topState = top.Snapshot.State;
            var topEntry = top.Snapshot.TopEntries.First(e => e.Account == account);
            var chosen = snaps.All(s =>
                s.Snapshot.State.Version == highest
                && s.Snapshot.State.Head == topState.Head
                && s.Snapshot.State.AcceptedBallot == topState.AcceptedBallot);

            if (chosen)
            {
                targets[account] = new AccountTarget(topState, false, highest, topState.Head, [], top.Replica);
                continue;
            }

            if (!topEntry.IsTransferLeg)
            {
                targets[account] = Complete(top.Replica, topState, topEntry);
                continue;
            }

            // Transfer rule.
            var other = topEntry.Counterparty!;
            if (!accounts.Contains(other))
            {
                missing.Add(other);
                continue;
            }

            var otherVersion = topEntry.CounterpartyVersion;
            var otherSnaps = Snapshots(promises, other);
            var otherHighest = otherSnaps.Max(s => s.Snapshot.State.Version);
            bool transferMayStand;
            if (otherHighest < otherVersion)
            {
                transferMayStand = false;
            }
            else if (otherHighest == otherVersion)
            {
                var otherTop = Pick(otherSnaps, otherHighest);
                transferMayStand = otherTop.Snapshot.TopEntries.Any(e => e.Account == other && e.TxId == topEntry.TxId);
            }
            else if (lookups.TryGetValue((other, otherVersion), out var row))
            {
                // Z is past T's version on some replica, so Z's row there is chosen.
                transferMayStand = row?.TxId == topEntry.TxId;
            }
            else
            {
                var source = otherSnaps.MaxBy(s => s.Snapshot.State.Version);
                needed.Add(new EntryLookup(other, otherVersion, source.Replica));
                continue;
            }

            targets[account] = transferMayStand
                ? Complete(top.Replica, topState, topEntry)
                : Void(top.Replica, topState, topEntry);
        }

        return new Resolution(missing, needed, targets);
    }

    private static (int Replica, AccountSnapshot Snapshot)[] Snapshots(
        IReadOnlyList<(int Replica, PrepareReply Reply)> promises, string account) =>
        promises
            .Select(p => (p.Replica, p.Reply.Accounts.First(s => s.State.Account == account)))
            .ToArray();

    // Pick rule: highest version, then highest accepted ballot; ties (same ballot) hold the same value.
    private static (int Replica, AccountSnapshot Snapshot) Pick((int Replica, AccountSnapshot Snapshot)[] snaps, long version) =>
        snaps
            .Where(s => s.Snapshot.State.Version == version)
            .OrderByDescending(s => s.Snapshot.State.AcceptedBallot)
            .ThenBy(s => s.Replica)
            .First();

    private static AccountTarget Complete(int replica, AccountState state, LedgerEntry top) =>
        new(state, true, top.Version - 1, top.PrevHash, [top], replica);

    private static AccountTarget Void(int replica, AccountState state, LedgerEntry top)
    {
        var before = top.Kind == EntryKind.TransferOut
            ? top.BalanceAfterCents + top.AmountCents
            : top.BalanceAfterCents - top.AmountCents;
        var row = LedgerHash.Seal(new LedgerEntry(
            $"void:{top.TxId}@{top.Version}", top.Account, top.Version, EntryKind.Void, null, 0, 0, before, top.Owner, top.At, top.PrevHash, ""));
        var target = state with { BalanceCents = before, Head = row.Hash };
        return new AccountTarget(target, true, top.Version - 1, top.PrevHash, [row], replica);
    }
}
