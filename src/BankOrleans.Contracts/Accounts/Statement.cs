namespace BankOrleans.Contracts.Accounts;

/// <summary>An account's statement (newest row first) at its chosen version, or an error code of <see cref="ErrorCodes"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record Statement(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] string Account,
    [property: Id(4)] long BalanceCents,
    [property: Id(5)] long Version,
    [property: Id(6)] IReadOnlyList<StatementLine> Lines,
    [property: Id(7)] string ServedBy)
{
    /// <summary>The largest number of rows one request may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>A refusal.</summary>
    public static Statement Failed(string error, string message, string account, string servedBy) =>
        new(false, error, message, account, 0, 0, [], servedBy);
}
