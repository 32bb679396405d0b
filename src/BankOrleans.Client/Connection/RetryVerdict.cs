namespace BankOrleans.Client.Connection;

/// <summary>What a failed try of a command tells the failover loop.</summary>
public enum RetryVerdict
{
    /// <summary>The answer is the answer: a rejection, bad input, or a failure retrying cannot mend.</summary>
    Final,

    /// <summary>Nothing was applied (no gateway reached, or the cluster answered "unavailable"): try again.</summary>
    RetryNotApplied,

    /// <summary>The request may have been applied (no answer, or the connection failed after it was sent): try again with the same request id.</summary>
    RetryMaybeApplied,
}
