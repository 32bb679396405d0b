namespace BankOrleans.Contracts.Users;

/// <summary>The answer to a login: a session token and its expiry, or an error code of <see cref="ErrorCodes"/>.</summary>
/// <param name="Ok">Whether the credentials were accepted.</param>
/// <param name="Error">The error code when not ok (<c>bad_credentials</c> for an unknown user and a wrong password alike).</param>
/// <param name="Message">A message for people.</param>
/// <param name="Session">The session token; "" when not ok.</param>
/// <param name="ExpiresAt">When the session ends (UTC).</param>
[GenerateSerializer, Immutable]
public sealed record LoginResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] string Session,
    [property: Id(4)] DateTimeOffset ExpiresAt)
{
    /// <summary>A refusal.</summary>
    public static LoginResult Failed(string error, string message) => new(false, error, message, "", DateTimeOffset.MinValue);
}
