namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// One account's linearizable reads (key = account number), on any master: majority reads of the
/// masters. Writes enter through <see cref="IAccountWritesGrain"/>. Every method validates its
/// input and answers errors as <see cref="BalanceView"/>/<see cref="Statement"/> values, never as
/// exceptions.
/// </summary>
/// <remarks>
/// <c>session</c> in every method is the token from <c>IUserGrain.Login</c>. The grain validates it
/// itself (MAC, expiry, the user's current session epoch) and runs the operation for that user:
/// a missing (empty), forged, expired or logged-out token answers <c>not_authorized</c>; an account that
/// is not the caller's answers <c>invalid_account</c>, exactly like one that does not exist. A null or
/// over-long argument, a malformed key or limit answers <c>bad_input</c>
/// (<see cref="GatewayInput"/>) before anything else is done.
/// </remarks>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>The linearizable balance: a majority read of the masters.</summary>
    Task<BalanceView> ReadBalance(string session);

    /// <summary>The account's statement, newest first, at most <paramref name="limit"/> rows (1–1000), from the masters' chosen history.</summary>
    Task<Statement> ReadHistory(string session, int limit);
}
