namespace BankOrleans.Contracts.Reading;

/// <summary>An account's newest ledger rows (newest first) at a version, and the silo that answered.</summary>
[GenerateSerializer, Immutable]
public sealed record HistoryView(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] string Account,
    [property: Id(4)] long Version,
    [property: Id(5)] IReadOnlyList<HistoryItem> Items,
    [property: Id(6)] string ServedBy);
