using BankOrleans.Grains.Diagnostics;
using BankOrleans.Protocol.Sessions;

namespace BankOrleans.Grains.Security;

/// <summary>
/// The <see cref="ISessionValidator"/> of a bank silo: MAC and expiry by <see cref="SessionTokens"/>,
/// epoch by this silo's session leases (<see cref="SessionEpochCache"/>) or, when none decides, by
/// a majority read (<see cref="UserEpochReader"/>) that takes a lease.
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

        switch (leases.Check(claims.User, claims.Epoch))
        {
            case SessionLeaseVerdict.Current:
                BankMetrics.RecordSessionCheck(byLease: true);
                return SessionCheck.Valid(claims.User);
            case SessionLeaseVerdict.Ended:
                BankMetrics.RecordSessionCheck(byLease: true);
                return SessionCheck.Ended();
        }

        BankMetrics.RecordSessionCheck(byLease: false);
        // Session-lease rule: the lease runs from before the read is sent.
        var began = leases.ReadBegins();
        var epoch = await epochs.ReadAsync(claims.User, cancellationToken);
        if (epoch is null)
        {
            return SessionCheck.Unavailable();
        }

        leases.Observe(claims.User, epoch.Value, began);
        return epoch == claims.Epoch ? SessionCheck.Valid(claims.User) : SessionCheck.Ended();
    }
}
