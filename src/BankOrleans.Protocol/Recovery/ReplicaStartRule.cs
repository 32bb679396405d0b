using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Recovery;

/// <summary>
/// Start rule (docs/protocol.md, "Lost disks"): how a replica decides at start whether its file
/// is the one it acknowledged from. Only a file that proves it votes at once.
/// </summary>
public static class ReplicaStartRule
{
    /// <summary>The standing of a replica that starts with <paramref name="identity"/> in its file and <paramref name="stamp"/> beside it.</summary>
    /// <param name="identity">The identity inside the file; null for a file created just now.</param>
    /// <param name="stamp">The stamp beside the file; null when there is none (or it is unreadable).</param>
    /// <returns>The standing and why, for the log.</returns>
    public static (StandingKind Kind, string Reason) Decide(StoredIdentity? identity, ReplicaStamp? stamp)
    {
        if (identity is null)
        {
            return stamp is null
                ? (StandingKind.Unformed, "a new file on a new disk: founding the cluster or replacing a lost replica")
                : (StandingKind.Recovering, $"a new file where file {stamp.FileId} acknowledged writes: the replica lost its file");
        }

        return identity.Standing switch
        {
            StandingKind.Unformed => (StandingKind.Unformed, "the file has not yet learnt whether the cluster exists"),
            StandingKind.Recovering => (StandingKind.Recovering, "the file had not finished recovering"),
            _ when stamp is null => (StandingKind.Recovering, "the stamp of what this replica acknowledged is missing"),
            _ when stamp.FileId != identity.FileId => (StandingKind.Recovering, $"the file ({identity.FileId}) is not the one that acknowledged writes ({stamp.FileId})"),
            _ when stamp.Lsn > identity.Lsn => (StandingKind.Recovering, $"the file is older ({identity.Lsn} transactions) than what it acknowledged ({stamp.Lsn}): rolled back"),
            _ => (StandingKind.Normal, "the file is the one that acknowledged writes"),
        };
    }
}
