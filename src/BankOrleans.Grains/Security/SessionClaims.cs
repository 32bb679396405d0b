namespace BankOrleans.Grains.Security;

/// <summary>What a session token says once its MAC and expiry check out.</summary>
/// <param name="User">The normalized username.</param>
/// <param name="Epoch">The user's session epoch (its user object's version) at login.</param>
/// <param name="ExpiresAt">When the session ends.</param>
public sealed record SessionClaims(string User, long Epoch, DateTimeOffset ExpiresAt);
