namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The reader's own session rule (ARCHITECTURE §5b), which asks no master: a session token (its
/// MAC and expiry already checked) is valid on the reader while the reader is within its staleness
/// bound and its replicated copy of the user object is at exactly the token's epoch (the user's
/// version). So a logout ends the session on the reader once the feed brought it, or at most
/// <see cref="ReaderStaleness.MaxStaleness"/> after it was committed.
/// </summary>
public static class ReaderSessionRule
{
    /// <summary>
    /// Decides, reading the staleness before the epoch: fresh then means the copy read next holds
    /// every epoch committed before the bound.
    /// </summary>
    /// <param name="staleness">When the reader last heard from each master.</param>
    /// <param name="activeMasters">The masters the membership shows active.</param>
    /// <param name="epochOnReader">Reads the user's version on the reader (0 if it does not hold the user).</param>
    /// <param name="sessionEpoch">The epoch the session was issued at.</param>
    public static ReaderSessionDecision Check(
        ReaderStaleness staleness, IReadOnlyCollection<string> activeMasters, Func<long> epochOnReader, long sessionEpoch)
    {
        ArgumentNullException.ThrowIfNull(staleness);
        return Check(staleness.Refusal(activeMasters), epochOnReader, sessionEpoch);
    }

    /// <summary>
    /// Decides given <paramref name="staleRefusal"/>, the reader's <see cref="ReaderStaleness.Refusal"/>
    /// taken before the epoch is read (null when fresh).
    /// </summary>
    public static ReaderSessionDecision Check(string? staleRefusal, Func<long> epochOnReader, long sessionEpoch)
    {
        ArgumentNullException.ThrowIfNull(epochOnReader);

        // Staleness rule: past the bound the reader may be missing a logout.
        if (staleRefusal is not null)
        {
            return new(ReaderSessionVerdict.Unavailable, $"unavailable: {staleRefusal}; ask the masters");
        }

        // Epoch rule: equal is the current session; later means a logout ended it; earlier means
        // the reader has not seen the login's epoch yet, which is the reader's lag, not a refusal.
        var epoch = epochOnReader();
        return epoch == sessionEpoch ? new(ReaderSessionVerdict.Valid, "ok")
            : epoch > sessionEpoch ? new(ReaderSessionVerdict.Ended, "the session has ended (logged out)")
            : new(ReaderSessionVerdict.Unavailable, "unavailable: the reader has not caught up with this session yet; ask the masters");
    }
}
