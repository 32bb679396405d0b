using BankOrleans.Grains.Diagnostics;
using BankOrleans.Protocol.Sessions;

namespace BankOrleans.Grains.Security;

/// <summary>
/// The <see cref="ISessionValidator"/> of a bank silo: MAC and expiry by <see cref="SessionTokens"/>,
/// epoch by this silo's session leases (<see cref="SessionEpochCache"/>) or, when none decides, by
/// a majority read (<see cref="UserEpochReader"/>) that takes a lease (<see cref="SessionEpochCheck"/>).
/// </summary>
public sealed class SessionValidator(SessionTokens tokens, UserEpochReader epochs, SessionEpochCache leases, TimeProvider time) : ISessionValidator
{
    /// <inheritdoc />
    public async Task<SessionCheck> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return SessionCheck.Refused("no session (log in, then pass --session or BANK_SESSION)");
        }

        if (tokens.Read(token, time.GetUtcNow()) is not { } claims)
        {
            // Forged, damaged and expired tokens look the same to the caller.
            return SessionCheck.Refused("the session is invalid or expired");
        }

        var check = await SessionEpochCheck.RunAsync(leases, claims.User, claims.Epoch, () => epochs.ReadAsync(claims.User, cancellationToken));
        BankMetrics.RecordSessionCheck(check.ByLease);
        return check switch
        {
            { Verdict: SessionLeaseVerdict.Current } => SessionCheck.Valid(claims.User),
            { Verdict: SessionLeaseVerdict.ReadNeeded } => SessionCheck.Unavailable(),
            // Issued from an epoch the majority does not hold (a registration's unchosen read).
            { ClaimAboveMajority: true } => SessionCheck.Refused("the session is not known to the masters"),
            _ => SessionCheck.Ended(claims.User),
        };
    }
}
