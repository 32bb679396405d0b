namespace BankOrleans.Grains.Security;

/// <summary>
/// Server-side session validation, usable from any grain on any silo (inject it): checks the
/// token's MAC with the cluster key, its expiry, and that its epoch is the user's current session
/// epoch on a majority of the master replicas (so a logout ends it everywhere at once).
/// </summary>
public interface ISessionValidator
{
    /// <summary>
    /// The verdict on <paramref name="token"/>. Never throws for a bad token: a missing, malformed,
    /// forged, expired or logged-out token is <c>not_authorized</c>; fewer than two masters answering
    /// is <c>unavailable</c>.
    /// </summary>
    Task<SessionCheck> ValidateAsync(string? token, CancellationToken cancellationToken = default);
}
