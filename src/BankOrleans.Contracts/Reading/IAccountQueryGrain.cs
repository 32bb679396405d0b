using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Contracts.Reading;

/// <summary>
/// Balance and history queries of one account (key = account number), served on the reader
/// silo from the read replica. Answers errors as values: <see cref="ErrorCodes.Unavailable"/>
/// when the reader is still catching up or has not reached the version asked for in time — the
/// caller then falls back to a majority read on the masters.
/// </summary>
/// <remarks>
/// <c>session</c> is the token from <c>IUserGrain.Login</c>, checked exactly as <see cref="IAccountGrain"/>
/// checks it: <c>not_authorized</c> for a bad token, <c>invalid_account</c> for an account that is not the caller's;
/// a malformed key, a negative version or limit, a null or over-long session is <c>bad_input</c>.
/// </remarks>
public interface IAccountQueryGrain : IGrainWithStringKey
{
    /// <summary>
    /// The balance once the reader holds at least <paramref name="minVersion"/> of the account
    /// (read-your-writes; waits a short bounded time for it).
    /// </summary>
    Task<BalanceView> Balance(long minVersion, string session);

    /// <summary>
    /// The account's statement: its newest <paramref name="limit"/> rows (1–<see cref="Statement.MaxLimit"/>),
    /// newest first, once the reader holds <paramref name="minVersion"/>.
    /// </summary>
    Task<Statement> History(int limit, long minVersion, string session);
}
