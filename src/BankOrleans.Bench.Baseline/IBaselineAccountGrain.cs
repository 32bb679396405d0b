using Orleans.Transactions;

namespace BankOrleans.Bench.Baseline;

/// <summary>
/// One account of the baseline peer (key = the account's name), its balance in integer cents
/// kept in an Orleans <c>ITransactionalState</c>. Every method runs in the caller's
/// transaction, or in a new one when called from outside a transaction.
/// </summary>
public interface IBaselineAccountGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amountCents"/> to the balance.</summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    Task Deposit(long amountCents);

    /// <summary>
    /// Subtracts <paramref name="amountCents"/> if the balance covers it; answers whether it did.
    /// A refusal changes nothing but still takes part in the transaction.
    /// </summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    Task<bool> TryWithdraw(long amountCents);

    /// <summary>The balance as of the transaction.</summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    Task<long> GetBalance();
}
