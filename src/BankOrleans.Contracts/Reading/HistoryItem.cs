using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Reading;

/// <summary>One row of an account's history as customers see it.</summary>
[GenerateSerializer, Immutable]
public sealed record HistoryItem(
    [property: Id(0)] long Version,
    [property: Id(1)] string TxId,
    [property: Id(2)] EntryKind Kind,
    [property: Id(3)] string? Counterparty,
    [property: Id(4)] long AmountCents,
    [property: Id(5)] long BalanceAfterCents,
    [property: Id(6)] DateTimeOffset At);
