using BankOrleans.Contracts;

namespace BankOrleans.Grains.Security;

/// <summary>The verdict on a session token: the user it authenticates, or an error code and message for the caller.</summary>
/// <param name="User">The authenticated (normalized) username; "" when not valid.</param>
/// <param name="Error">Null when valid; <see cref="ErrorCodes.NotAuthorized"/> or <see cref="ErrorCodes.Unavailable"/> otherwise.</param>
/// <param name="Message">A message for people.</param>
public sealed record SessionCheck(string User, string? Error, string Message)
{
    /// <summary>Whether the session is valid now.</summary>
    public bool IsValid => Error is null;

    /// <summary>A valid session of <paramref name="user"/>.</summary>
    public static SessionCheck Valid(string user) => new(user, null, "ok");

    /// <summary>A refused session (missing, forged, expired, logged out).</summary>
    public static SessionCheck Refused(string why) => new("", ErrorCodes.NotAuthorized, $"not authorized: {why}; log in again");

    /// <summary>
    /// The session was valid once and a logout has ended it (its epoch is below the user's).
    /// Distinct from other refusals so that a logout retried after its answer was lost can wait
    /// out the session leases before it says so (protocol rule 11).
    /// </summary>
    public bool HasEnded { get; private init; }

    /// <summary>
    /// The user whose session a logout has ended (<see cref="HasEnded"/>); "" otherwise. Not an
    /// authenticated user: only for telling whose grain may wait on it.
    /// </summary>
    public string EndedUser { get; private init; } = "";

    /// <summary>A session of <paramref name="user"/> a logout has ended.</summary>
    public static SessionCheck Ended(string user) => Refused("the session has ended (logged out)") with { HasEnded = true, EndedUser = user };

    /// <summary>The user's session epoch could not be read from a majority of masters.</summary>
    public static SessionCheck Unavailable() => new("", ErrorCodes.Unavailable, "unavailable: no majority of masters answered the session check");

    /// <summary>The session cannot be checked now, for the reason in <paramref name="message"/>.</summary>
    public static SessionCheck Unavailable(string message) => new("", ErrorCodes.Unavailable, message);
}
