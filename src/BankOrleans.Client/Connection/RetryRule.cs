using BankOrleans.Client.Cli;
using BankOrleans.Contracts;

namespace BankOrleans.Client.Connection;

/// <summary>
/// Which failures the client retries on another gateway. Writes are idempotent per request id, so
/// a retry with the same id is applied at most once; what is never retried is an answer: a
/// rejection stays a rejection.
/// </summary>
public static class RetryRule
{
    /// <summary>The verdict for <paramref name="exception"/>, raised while connecting or (when <paramref name="sent"/>) after the call was sent.</summary>
    public static RetryVerdict Judge(ClientErrorException exception, bool sent)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Final)
        {
            return RetryVerdict.Final;
        }

        return exception.Error.Code switch
        {
            ErrorCodes.OutcomeUnknown => RetryVerdict.RetryMaybeApplied,
            // Before the call, or the cluster's own "unavailable" answer: nothing was applied. A
            // transport failure after the call left (an inner Orleans exception) may have been.
            ErrorCodes.Unavailable when !sent || exception.InnerException is null => RetryVerdict.RetryNotApplied,
            ErrorCodes.Unavailable => RetryVerdict.RetryMaybeApplied,
            _ => RetryVerdict.Final,
        };
    }
}
