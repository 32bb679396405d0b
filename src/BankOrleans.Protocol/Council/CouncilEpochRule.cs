namespace BankOrleans.Protocol.Council;

/// <summary>
/// Epoch rule (docs/protocol.md, "Lost disks"): a council member issues ballots
/// <c>(epoch, counter, member)</c>, so it must never issue in an epoch it used before, even after
/// losing its state file. Every epoch a member issues in is therefore on its own file and recorded
/// by at least one other member before the first ballot in it (a majority of the three places),
/// and a member without its file reads both other members before it picks one.
/// </summary>
public static class CouncilEpochRule
{
    /// <summary>
    /// The epoch a member issues in after an activation, or null when it may not issue yet.
    /// </summary>
    /// <param name="own">The epoch on the member's own file; null when the file is new or lost.</param>
    /// <param name="recordedByPeers">
    /// What each other member has recorded as this member's epoch (0 when it has no record); null
    /// for a member that did not answer. Only read when <paramref name="own"/> is null.
    /// </param>
    public static long? NextEpoch(long? own, IReadOnlyList<long?> recordedByPeers)
    {
        ArgumentNullException.ThrowIfNull(recordedByPeers);
        if (own is { } epoch)
        {
            return epoch + 1;
        }

        // A majority (own file plus one member) holds every epoch ever issued in; with the own
        // file gone, only both others together are sure to include it.
        return recordedByPeers.Count == 2 && recordedByPeers.All(r => r is not null)
            ? recordedByPeers.Max(r => r!.Value) + 1
            : null;
    }
}
