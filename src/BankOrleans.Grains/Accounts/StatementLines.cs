using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Grains.Accounts;

/// <summary>How a ledger row reads on a customer's statement (shared by the masters' and the reader's history).</summary>
internal static class StatementLines
{
    /// <summary>
    /// The statement line of <paramref name="row"/>: its kind in words, the signed change of the balance,
    /// and the client's request id (never the scoped tx id, which names the user who sent it).
    /// </summary>
    public static StatementLine From(LedgerEntry row)
    {
        var (kind, sign) = row.Kind switch
        {
            EntryKind.Open => ("open", 1),
            EntryKind.Deposit => ("deposit", 1),
            EntryKind.Withdrawal => ("withdrawal", -1),
            EntryKind.TransferOut => ("transfer-out", -1),
            EntryKind.TransferIn => ("transfer-in", 1),
            _ => ("void", 0),
        };
        return new StatementLine(row.Version, row.At, kind, row.Counterparty, sign * row.AmountCents, row.BalanceAfterCents, TransactionId.RequestIdOf(row.TxId));
    }
}
