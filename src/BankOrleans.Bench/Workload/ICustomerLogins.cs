namespace BankOrleans.Bench.Workload;

/// <summary>
/// A target whose workers act as customers who can log in again (<see cref="Options.OperationKind.Login"/>):
/// the bank. The Orleans Transactions peer and the SQLite ceiling have no customers.
/// </summary>
public interface ICustomerLogins
{
    /// <summary>
    /// Logs in the customer that <paramref name="worker"/> acts as, with its password. The
    /// worker keeps the session it has: a login issues a new one without ending the others.
    /// Committed means logged in.
    /// </summary>
    Task<WriteOutcome> LoginAsync(int worker);
}
