using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// A version of an account the reader must reach, with what identifies the committed row there:
/// its hash (known from a committed row's previous hash or a majority read) or, for the other leg
/// of a committed transfer, its transaction id.
/// </summary>
public sealed record ReaderTarget(string Account, long Version, string? Hash, string? TxId)
{
    /// <summary>Whether <paramref name="row"/> is the committed row this target names.</summary>
    public bool IsCommitted(LedgerEntry row) =>
        row.Version == Version && (Hash is not null ? row.Hash == Hash : row.TxId == TxId);
}
