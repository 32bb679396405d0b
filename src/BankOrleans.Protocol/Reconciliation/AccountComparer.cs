using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// Decides, from what each replica reports about one account, whether the replicas agree, which
/// minority to repair, and when the account must be frozen (ARCHITECTURE §3.5). Pure.
/// </summary>
/// <remarks>
/// A master is <em>trusted</em> for an account when it answered and its account row agrees with
/// its own ledger (<see cref="ReplicaDigest.Intact"/>). Divergence the protocol itself produces —
/// a master behind, or holding a non-chosen top version — is not corruption: Paxos completion
/// (reconciliation) settles it whenever two trusted masters answer. Only what a majority cannot
/// decide freezes the account: fewer than two trusted masters, or two trusted masters whose
/// histories differ below both their tops (rows each holds as chosen) while the third is not trusted.
/// </remarks>
public static class AccountComparer
{
    /// <summary>Compares one account.</summary>
    /// <param name="account">The account number.</param>
    /// <param name="masters">master-1..3, in order.</param>
    /// <param name="reader">The reader's observation.</param>
    /// <param name="chosenHistoryConflict">
    /// Whether two trusted masters that differ hold different rows at a version below both their
    /// tops (the caller reads those rows only when the digests differ).
    /// </param>
    /// <param name="readerHoldsIt">False for replicated objects the reader does not serve (user records): the reader is not compared.</param>
    public static AccountComparison Compare(
        string account, IReadOnlyList<ReplicaObservation> masters, ReplicaObservation reader, bool chosenHistoryConflict, bool readerHoldsIt = true)
    {
        ArgumentNullException.ThrowIfNull(masters);
        ArgumentNullException.ThrowIfNull(reader);
        IReadOnlyList<ReplicaObservation> all = [.. masters, reader];
        var reachable = masters.Where(m => m.Reachable).ToArray();
        var trusted = reachable.Where(m => DigestOf(account, m).Intact).ToArray();
        var damaged = reachable.Where(m => !DigestOf(account, m).Intact).Select(m => m.Replica).ToArray();

        if (reachable.Length < 2)
        {
            return new(account, ComparisonVerdict.NotEnoughMasters, "fewer than two masters answered", all);
        }

        if (trusted.Length < 2)
        {
            return new(account, ComparisonVerdict.Undecidable,
                $"{string.Join(", ", damaged)} contradict{(damaged.Length == 1 ? "s" : "")} its own ledger and no two intact masters answered: frozen until the missing master returns",
                all);
        }

        var states = trusted.Select(m => Key(DigestOf(account, m))).Distinct().ToArray();
        if (states.Length > 1 && trusted.Length == 2 && chosenHistoryConflict)
        {
            return new(account, ComparisonVerdict.Undecidable,
                $"{trusted[0].Replica} and {trusted[1].Replica} disagree on history both hold as chosen and no third master can decide: frozen",
                all);
        }

        if (states.Length > 1 || damaged.Length > 0)
        {
            var detail = damaged.Length > 0
                ? $"{string.Join(", ", damaged)} contradicts its own ledger: repaired from the majority"
                : "masters differ (behind or a non-chosen top version): completed by majority";
            return new(account, ComparisonVerdict.MinorityDiffers, detail, all);
        }

        if (reachable.Any(m => DigestOf(account, m).Frozen))
        {
            return new(account, ComparisonVerdict.FrozenButAgreeing, "masters agree again: unfrozen", all);
        }

        var agreed = Key(DigestOf(account, trusted[0]));
        var readerDigest = DigestOf(account, reader);
        if (readerHoldsIt && (!reader.Reachable || !reader.Ready || !readerDigest.Intact || Key(readerDigest) != agreed))
        {
            var why = !reader.Reachable ? "the reader did not answer"
                : !reader.Ready ? "the reader is still catching up"
                : !readerDigest.Intact ? "the reader's copy contradicts its own ledger"
                : $"the reader is at version {readerDigest.Version}, the masters at {agreed.Version}";
            return new(account, ComparisonVerdict.ReaderBehind, why, all);
        }

        return new(account, ComparisonVerdict.Agree, "agree", all);
    }

    /// <summary>The digest a replica reported, or the unopened state if it holds no row for the account.</summary>
    public static ReplicaDigest DigestOf(string account, ReplicaObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation.Digest ?? new ReplicaDigest(account, 0, 0, "", false, true);
    }

    private static (long Version, string Head, long Balance) Key(ReplicaDigest d) => (d.Version, d.Head, d.BalanceCents);
}
