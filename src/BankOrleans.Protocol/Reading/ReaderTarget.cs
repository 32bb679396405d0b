using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// A version of an account the reader must reach, with what identifies the committed row there:
/// its hash (known from a committed row's previous hash or a majority read) or, for the other leg
/// of a committed transfer, that leg (<see cref="OtherLeg"/>).
/// </summary>
public sealed record ReaderTarget(string Account, long Version, string? Hash, string? TxId)
{
    /// <summary>For a target named by a transfer leg: the account of that leg.</summary>
    public string? LegAccount { get; init; }

    /// <summary>For a target named by a transfer leg: that leg's version.</summary>
    public long LegVersion { get; init; }

    /// <summary>
    /// The other leg of the committed transfer leg <paramref name="leg"/>: the row of its
    /// counterparty at the counterparty version, of the same transaction, pointing back at
    /// <paramref name="leg"/>'s account and version.
    /// </summary>
    public static ReaderTarget OtherLeg(LedgerEntry leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return new ReaderTarget(leg.Counterparty!, leg.CounterpartyVersion, null, leg.TxId) { LegAccount = leg.Account, LegVersion = leg.Version };
    }

    /// <summary>Whether <paramref name="row"/> is the committed row this target names.</summary>
    /// <remarks>
    /// A transaction id alone does not name a row: a transfer retried after its counterparty moved
    /// on can leave a non-chosen row of the same transaction at the same version on a master (its
    /// counterparty version differs). The leg's back-pointer tells the chosen one.
    /// </remarks>
    public bool IsCommitted(LedgerEntry row) =>
        row.Version == Version && (Hash is not null
            ? row.Hash == Hash
            : row.TxId == TxId && row.Counterparty == LegAccount && row.CounterpartyVersion == LegVersion);
}
