using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The one place where the reader's query grains decide who may see an account, so that the
/// switch from <c>actor</c> to session tokens changes this file only.
/// </summary>
internal static class ReaderAuthorization
{
    /// <summary>
    /// Null when <paramref name="actor"/> may read the account; otherwise the error code to answer.
    /// A null actor is the operator path (until sessions exist); an account of another customer
    /// looks exactly like one that does not exist.
    /// </summary>
    public static string? Deny(string? actor, AccountState account) =>
        actor is null || account.Owner == actor ? null : ErrorCodes.InvalidAccount;
}
