namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// The coordinator of one account (key = account number), on any master. Writes to the account
/// (and transfers from it) run the replicated write path of ARCHITECTURE §3. Every method
/// validates its input and answers errors as <see cref="WriteResult"/>/<see cref="BalanceView"/>
/// values, never as exceptions.
/// </summary>
/// <remarks>
/// <c>actor</c> in the methods below is the customer the operation runs for; null is
/// the operator path used until sessions exist (issue "Customers" replaces it).
/// </remarks>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Opens this account for <paramref name="owner"/>.</summary>
    Task<WriteResult> Open(string requestId, string owner, string? actor);

    /// <summary>Pays <paramref name="amountCents"/> into this account.</summary>
    Task<WriteResult> Deposit(string requestId, long amountCents, string? actor);

    /// <summary>Pays <paramref name="amountCents"/> out of this account if the balance covers it.</summary>
    Task<WriteResult> Withdraw(string requestId, long amountCents, string? actor);

    /// <summary>Moves <paramref name="amountCents"/> from this account to <paramref name="to"/>, both legs atomically.</summary>
    Task<WriteResult> Transfer(string requestId, string to, long amountCents, string? actor);

    /// <summary>The linearizable balance: a majority read of the masters.</summary>
    Task<BalanceView> ReadBalance(string? actor);
}
