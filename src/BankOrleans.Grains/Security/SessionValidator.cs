namespace BankOrleans.Grains.Security;

/// <summary>The <see cref="ISessionValidator"/> of a bank silo: MAC and expiry by <see cref="SessionTokens"/>, epoch by <see cref="UserEpochReader"/>.</summary>
public sealed class SessionValidator(SessionTokens tokens, UserEpochReader epochs, TimeProvider time) : ISessionValidator
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

        var epoch = await epochs.ReadAsync(claims.User, cancellationToken);
        if (epoch is null)
        {
            return SessionCheck.Unavailable();
        }

        return epoch == claims.Epoch
            ? SessionCheck.Valid(claims.User)
            : SessionCheck.Refused("the session has ended (logged out)");
    }
}
