namespace BankOrleans.Protocol.Sessions;

/// <summary>
/// One session's epoch check under the session-lease rule: the silo's leases decide it when they
/// can; otherwise a majority read does, and takes a lease stamped when the read began.
/// </summary>
public static class SessionEpochCheck
{
    /// <summary>What decided a check, and how.</summary>
    /// <param name="Verdict">Current, Ended, or ReadNeeded when the majority read did not answer.</param>
    /// <param name="ByLease">Whether a lease decided it (no majority read).</param>
    /// <param name="ClaimAboveMajority">The claim is above what the majority holds (a token issued from an unchosen epoch).</param>
    public readonly record struct Result(SessionLeaseVerdict Verdict, bool ByLease, bool ClaimAboveMajority = false);

    /// <summary>
    /// Checks <paramref name="user"/>'s session at <paramref name="claimedEpoch"/> through
    /// <paramref name="leases"/>, reading with <paramref name="readMajority"/> (null: no majority
    /// answered) when they do not decide.
    /// </summary>
    public static async Task<Result> RunAsync(SessionEpochCache leases, string user, long claimedEpoch, Func<Task<UserEpoch?>> readMajority)
    {
        var leased = leases.Check(user, claimedEpoch);
        if (leased != SessionLeaseVerdict.ReadNeeded)
        {
            return new Result(leased, ByLease: true);
        }

        // Session-lease rule: the lease runs from before the read is sent.
        var began = leases.ReadBegins();
        if (await readMajority().ConfigureAwait(false) is not { } epoch)
        {
            return new Result(SessionLeaseVerdict.ReadNeeded, ByLease: false);
        }

        leases.Observe(user, epoch, began);
        return epoch.Highest == claimedEpoch ? new Result(SessionLeaseVerdict.Current, false)
            : epoch.Highest > claimedEpoch ? new Result(SessionLeaseVerdict.Ended, false)
            : new Result(SessionLeaseVerdict.Ended, false, ClaimAboveMajority: true);
    }
}
