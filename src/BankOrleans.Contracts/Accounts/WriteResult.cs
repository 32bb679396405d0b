using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// The answer to a write: committed with the new balance and version of every account touched,
/// or an error code of <see cref="ErrorCodes"/> with a message for people.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WriteResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error,
    [property: Id(2)] string Message,
    [property: Id(3)] string TxId,
    [property: Id(4)] IReadOnlyList<AccountBalance> Accounts,
    [property: Id(5)] string ServedBy)
{
    /// <summary>A refusal that never reached the write path.</summary>
    public static WriteResult Failed(string error, string message, string txId, string servedBy) =>
        new(false, error, message, txId, [], servedBy);
}
