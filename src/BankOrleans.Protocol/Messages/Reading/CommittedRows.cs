using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Reading;

/// <summary>
/// The ledger rows of one committed operation, as its coordinator sends them to the read replica
/// (one row per account written; both legs of a transfer travel together so the reader applies
/// them in one transaction).
/// </summary>
/// <param name="TxId">The operation's request id.</param>
/// <param name="Rows">The rows, each chained onto the account's previous committed row.</param>
[GenerateSerializer, Immutable]
public sealed record CommittedRows(
    [Id(0)] string TxId,
    [Id(1)] IReadOnlyList<LedgerEntry> Rows);
