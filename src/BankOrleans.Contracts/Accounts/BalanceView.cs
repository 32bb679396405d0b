namespace BankOrleans.Contracts.Accounts;

/// <summary>An account's balance at a version, and the silo that answered.</summary>
[GenerateSerializer, Immutable]
public sealed record BalanceView(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] string Account,
    [property: Id(4)] long BalanceCents,
    [property: Id(5)] long Version,
    [property: Id(6)] string ServedBy);
