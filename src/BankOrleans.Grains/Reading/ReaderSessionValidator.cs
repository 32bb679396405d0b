using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The reader's own session check (ARCHITECTURE §5b), which asks no master: MAC and expiry by
/// <see cref="SessionTokens"/>, then <see cref="ReaderSessionRule"/>: the token's epoch against the
/// reader's replicated copy of the user object (its version is the session epoch), while the
/// reader is within its staleness bound (<see cref="ReaderStaleness"/>). So reads on the reader keep working with two masters
/// down, and a logout ends them there once the feed brought it, or at most
/// <see cref="ReaderStaleness.MaxStaleness"/> after it was acknowledged.
/// </summary>
public sealed class ReaderSessionValidator(
    SessionTokens tokens,
    ReadReplica replica,
    ReaderStaleness staleness,
    IClusterMembershipService membership,
    TimeProvider time) : ISessionValidator
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>unavailable</c> (so the client asks the masters) when the reader is stale or has not yet
    /// seen the epoch the session was issued at; <c>not_authorized</c> when its copy of the user
    /// shows a later epoch (a logout).
    /// </remarks>
    public Task<SessionCheck> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Task.FromResult(SessionCheck.Refused("no session (log in, then pass --session or BANK_SESSION)"));
        }

        if (tokens.Read(token, time.GetUtcNow()) is not { } claims)
        {
            return Task.FromResult(SessionCheck.Refused("the session is invalid or expired"));
        }

        var decision = ReaderSessionRule.Check(staleness, ActiveMasters.Names(membership), () => replica.VersionOf(ObjectKeys.User(claims.User)), claims.Epoch);
        return Task.FromResult(decision.Verdict switch
        {
            ReaderSessionVerdict.Valid => SessionCheck.Valid(claims.User),
            ReaderSessionVerdict.Ended => SessionCheck.Ended(claims.User),
            _ => SessionCheck.Unavailable(decision.Message),
        });
    }
}
