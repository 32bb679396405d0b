using BankOrleans.Client.Cli;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Client.Banking;

/// <summary>
/// The bank's operations as the client calls them: one grain call each, with every refusal,
/// timeout and connection failure turned into a <see cref="ClientErrorException"/> carrying the
/// contract's error code. Used by the scripted commands and the interactive console alike.
/// </summary>
public sealed class BankService(IClusterClient cluster)
{
    /// <summary>Registers <paramref name="user"/> and opens its first account.</summary>
    public async Task<RegistrationResult> RegisterAsync(string user, string password, string requestId, CancellationToken ct)
    {
        var result = await CallAsync(cluster.GetGrain<IUserGrain>(user).Register(requestId, password), ct);
        return result.Ok ? result : throw Refused(result.Error, result.Message);
    }

    /// <summary>Logs <paramref name="user"/> in; returns the session token and its expiry.</summary>
    public async Task<LoginResult> LoginAsync(string user, string password, CancellationToken ct)
    {
        var result = await CallAsync(cluster.GetGrain<IUserGrain>(user).Login(password), ct);
        return result.Ok ? result : throw Refused(result.Error, result.Message);
    }

    /// <summary>Ends every session of the session's user.</summary>
    public async Task LogoutAsync(string session, CancellationToken ct)
    {
        var user = SessionToken.UserOf(session)
                   ?? throw Refused(ErrorCodes.NotAuthorized, "not authorized: the session is invalid or expired; log in again");
        var result = await CallAsync(cluster.GetGrain<IUserGrain>(user).Logout(session), ct);
        if (!result.Ok)
        {
            throw Refused(result.Error, result.Message);
        }
    }

    /// <summary>The session's user's accounts with balances.</summary>
    public async Task<IReadOnlyList<AccountBalance>> AccountsAsync(string session, CancellationToken ct)
    {
        var user = SessionToken.UserOf(session)
                   ?? throw Refused(ErrorCodes.NotAuthorized, "not authorized: the session is invalid or expired; log in again");
        var result = await CallAsync(cluster.GetGrain<IUserGrain>(user).ListAccounts(session), ct);
        return result.Ok ? result.Accounts : throw Refused(result.Error, result.Message);
    }

    /// <summary>Opens a new account for the session's user; its number follows from the request id (<see cref="AccountOpening"/>).</summary>
    public async Task<(WriteResult Result, string Account)> OpenAccountAsync(string session, string requestId, CancellationToken ct, Money? deposit = null)
    {
        var opening = AccountOpening.OpenAsync(cluster, requestId, session, deposit?.Cents ?? 0);
        var result = await WriteAsync(ResultOf(opening), ct);
        return (result, (await opening).Account);

        static async Task<WriteResult> ResultOf(Task<(WriteResult Result, string Account)> opening) => (await opening).Result;
    }

    /// <summary>Deposits into one of the caller's accounts.</summary>
    public Task<WriteResult> DepositAsync(string session, string account, Money amount, string requestId, CancellationToken ct) =>
        WriteAsync(AccountWrites.Of(cluster).Deposit(requestId, account, amount.Cents, session), ct);

    /// <summary>Withdraws from one of the caller's accounts.</summary>
    public Task<WriteResult> WithdrawAsync(string session, string account, Money amount, string requestId, CancellationToken ct) =>
        WriteAsync(AccountWrites.Of(cluster).Withdraw(requestId, account, amount.Cents, session), ct);

    /// <summary>Transfers between accounts (the source is the caller's).</summary>
    public Task<WriteResult> TransferAsync(string session, string from, string to, Money amount, string requestId, CancellationToken ct) =>
        WriteAsync(AccountWrites.Of(cluster).Transfer(requestId, from, to, amount.Cents, session), ct);

    /// <summary>The linearizable balance of one of the caller's accounts.</summary>
    public async Task<BalanceView> BalanceAsync(string session, string account, CancellationToken ct)
    {
        var view = await CallAsync(cluster.GetGrain<IAccountGrain>(account).ReadBalance(session), ct);
        return view.Ok ? view : throw Refused(view.Error, view.Message);
    }

    /// <summary>The statement of one of the caller's accounts, newest first.</summary>
    public async Task<Statement> HistoryAsync(string session, string account, int limit, CancellationToken ct)
    {
        var statement = await CallAsync(cluster.GetGrain<IAccountGrain>(account).ReadHistory(session, limit), ct);
        return statement.Ok ? statement : throw Refused(statement.Error, statement.Message);
    }

    private static async Task<WriteResult> WriteAsync(Task<WriteResult> call, CancellationToken ct)
    {
        var result = await CallAsync(call, ct);
        if (result.Ok)
        {
            return result;
        }

        var message = result.Error == ErrorCodes.OutcomeUnknown ? $"{result.Message} (request id {result.TxId})" : result.Message;
        throw Refused(result.Error, message);
    }

    private static ClientErrorException Refused(string? code, string message) =>
        new(ClientError.FromServer(code ?? ErrorCodes.Unavailable, message));

    private static async Task<T> CallAsync<T>(Task<T> call, CancellationToken ct)
    {
        try
        {
            return await call.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            // The request reached the cluster and no answer came back: it may have been applied.
            throw new ClientErrorException(ClientError.FromServer(
                ErrorCodes.OutcomeUnknown, $"no answer in time ({exception.Message}); retry with the same --request-id"), exception);
        }
        catch (Orleans.Runtime.OrleansException exception)
        {
            throw new ClientErrorException(ClientError.Unavailable($"the cluster could not serve the request: {exception.Message}"), exception);
        }
    }
}
