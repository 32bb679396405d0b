using Orleans.Transactions;

namespace BankOrleans.Bench.Baseline;

/// <summary>
/// The baseline's transfer entry point (the "ATM" of the Orleans transaction samples): one
/// Orleans transaction that debits one account and credits another, both or neither.
/// </summary>
public interface IBaselineTransferGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Moves <paramref name="amountCents"/> from <paramref name="from"/> to <paramref name="to"/>
    /// in a new transaction. Answers false (and changes nothing) when the source balance is too
    /// low; throws an Orleans transaction exception when the transaction aborts or its outcome is
    /// unknown.
    /// </summary>
    [Transaction(TransactionOption.Create)]
    Task<bool> Transfer(string from, string to, long amountCents);
}
