namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// One account (key = account number), on any master. Its writes (and transfers from it) are
/// forwarded to the write leader (<see cref="IWriteLeaderGrain"/>, which serves silos only) and run the replicated write path of ARCHITECTURE §3;
/// its reads are majority reads of the masters. Every method validates its input and answers
/// errors as <see cref="WriteResult"/>/<see cref="BalanceView"/> values, never as exceptions; a
/// write whose forwarding fails answers outcome unknown.
/// </summary>
/// <remarks>
/// <c>session</c> in every method is the token from <c>IUserGrain.Login</c>. The grain validates it
/// itself (MAC, expiry, the user's current session epoch) and runs the operation for that user:
/// a missing (empty), forged, expired or logged-out token answers <c>not_authorized</c>; an account that
/// is not the caller's answers <c>invalid_account</c>, exactly like one that does not exist. A null or
/// over-long argument, a malformed key, request id, amount or limit answers <c>bad_input</c>
/// (<see cref="GatewayInput"/>) before anything else is done.
/// There is no operator path for money.
/// </remarks>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens this account for the session's user. If another request already opened it, the
    /// answer is <see cref="ErrorCodes.AccountNumberTaken"/>: open accounts through
    /// <see cref="AccountOpening"/>, which then tries the request's next number.
    /// </summary>
    Task<WriteResult> Open(string requestId, string session);

    /// <summary>
    /// As <see cref="Open"/>, with <paramref name="amountCents"/> paid in by the same write (one
    /// ledger row, the balance from the start); 0 opens with balance 0.00.
    /// </summary>
    Task<WriteResult> OpenWithDeposit(string requestId, long amountCents, string session);

    /// <summary>Pays <paramref name="amountCents"/> into this account (the caller's).</summary>
    Task<WriteResult> Deposit(string requestId, long amountCents, string session);

    /// <summary>Pays <paramref name="amountCents"/> out of this account (the caller's) if the balance covers it.</summary>
    Task<WriteResult> Withdraw(string requestId, long amountCents, string session);

    /// <summary>
    /// Moves <paramref name="amountCents"/> from this account (the caller's) to <paramref name="to"/>, both
    /// legs atomically. <paramref name="to"/> must be the caller's too unless the silo option
    /// <c>Bank:Transfers:AllowOtherCustomers</c> is set.
    /// </summary>
    Task<WriteResult> Transfer(string requestId, string to, long amountCents, string session);

    /// <summary>The linearizable balance: a majority read of the masters.</summary>
    Task<BalanceView> ReadBalance(string session);

    /// <summary>The account's statement, newest first, at most <paramref name="limit"/> rows (1–1000), from the masters' chosen history.</summary>
    Task<Statement> ReadHistory(string session, int limit);
}
