using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Users;

/// <summary>The caller's accounts with their linearizable balances, ordered by account number.</summary>
[GenerateSerializer, Immutable]
public sealed record OwnedAccounts(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] IReadOnlyList<AccountBalance> Accounts)
{
    /// <summary>A refusal.</summary>
    public static OwnedAccounts Failed(string error, string message) => new(false, error, message, []);
}
