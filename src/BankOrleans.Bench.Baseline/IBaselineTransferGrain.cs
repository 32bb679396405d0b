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
    /// in a new transaction, both legs at once. When the source balance is too low the transaction
    /// aborts and changes nothing: the caller gets an <c>OrleansTransactionAbortedException</c>
    /// whose inner exception is an <see cref="InsufficientFundsException"/>. Any other Orleans
    /// transaction exception means it aborted for another reason or its outcome is unknown.
    /// </summary>
    [Transaction(TransactionOption.Create)]
    Task Transfer(string from, string to, long amountCents);
}
