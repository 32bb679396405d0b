namespace BankOrleans.Contracts.Users;

/// <summary>The answer to a registration: the user and its first account, or an error code of <see cref="ErrorCodes"/>.</summary>
/// <param name="Ok">Whether the user exists now with its first account.</param>
/// <param name="Error">The error code when not ok.</param>
/// <param name="Message">A message for people (never contains the password).</param>
/// <param name="User">The registered (normalized) username.</param>
/// <param name="Account">The first account's number; "" when not ok.</param>
[GenerateSerializer, Immutable]
public sealed record RegistrationResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] string User,
    [property: Id(4)] string Account)
{
    /// <summary>A refusal.</summary>
    public static RegistrationResult Failed(string error, string message, string user) => new(false, error, message, user, "");
}
