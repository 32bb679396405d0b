namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// Where every customer write enters the bank: open, deposit, withdraw and transfer, for any
/// account. One stateless worker per silo (key <see cref="AccountWrites.Key"/>, reached through
/// <see cref="AccountWrites.Of"/>), on the silo whose gateway took the call. It checks the input
/// and hands the write to the write leader (<see cref="IWriteLeaderGrain"/>), which checks the
/// session and runs the replicated write path (ARCHITECTURE §3). No account grain is activated
/// for a write: at a million accounts an activation per account written cost more CPU than the
/// write's own work. Answers errors as <see cref="WriteResult"/> values, never as exceptions; a
/// write whose hand-over fails answers outcome unknown.
/// </summary>
/// <remarks>
/// <c>session</c> in every method is the token from <c>IUserGrain.Login</c>; the write runs for
/// that user. A missing (empty), forged, expired or logged-out token answers <c>not_authorized</c>;
/// an account that is not the caller's answers <c>invalid_account</c>, exactly like one that does
/// not exist. A null or over-long argument, a malformed account number, request id or amount, or
/// a key other than <see cref="AccountWrites.Key"/> answers <c>bad_input</c>
/// (<see cref="GatewayInput"/>) before anything else is done. There is no operator path for money.
/// </remarks>
public interface IAccountWritesGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Opens <paramref name="account"/> for the session's user, with <paramref name="initialDepositCents"/>
    /// paid in by the same write (one ledger row; 0 opens with balance 0.00). If another request
    /// already opened that number, the answer is <see cref="ErrorCodes.AccountNumberTaken"/>: open
    /// accounts through <see cref="AccountOpening"/>, which then tries the request's next number.
    /// </summary>
    Task<WriteResult> Open(string requestId, string account, long initialDepositCents, string session);

    /// <summary>Pays <paramref name="amountCents"/> into <paramref name="account"/> (the caller's).</summary>
    Task<WriteResult> Deposit(string requestId, string account, long amountCents, string session);

    /// <summary>Pays <paramref name="amountCents"/> out of <paramref name="account"/> (the caller's) if the balance covers it.</summary>
    Task<WriteResult> Withdraw(string requestId, string account, long amountCents, string session);

    /// <summary>
    /// Moves <paramref name="amountCents"/> from <paramref name="from"/> (the caller's) to <paramref name="to"/>,
    /// both legs atomically. <paramref name="to"/> must be the caller's too unless the silo option
    /// <c>Bank:Transfers:AllowOtherCustomers</c> is set.
    /// </summary>
    Task<WriteResult> Transfer(string requestId, string from, string to, long amountCents, string session);
}
