using BankOrleans.Chaos.Cluster;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Chaos.Workload;

/// <summary>
/// The workload as a customer: a chaos user (registered and logged in once, before any fault) owns
/// every funded account, and every call carries its session. Reader snapshots ask the reader's own
/// query grain (IAccountQueryGrain, minVersion 0, through the reader's gateway): its answer, possibly
/// stale, must still be a committed state; "unavailable" (catching up) counts as a refused read.
/// </summary>
internal sealed class SessionBankWorkload(ChaosClient masters, ChaosClient reader, int seed) : IBankWorkload
{
    private string _session = "";

    public async Task<IReadOnlyList<string>> SetupAsync(int count, long fundingCents, CancellationToken cancellationToken)
    {
        var user = masters.Grains.GetGrain<IUserGrain>(UserName.Normalize($"chaos-{seed}"));
        var password = $"chaos-password-{seed}";
        var first = "";
        await UntilOkAsync(async () =>
        {
            var registered = await user.Register($"chaos-{seed}-register", password).ConfigureAwait(false);
            first = registered.Account;
            return (registered.Ok, registered.Error, registered.Message);
        }, cancellationToken).ConfigureAwait(false);
        await UntilOkAsync(async () =>
        {
            var login = await user.Login(password).ConfigureAwait(false);
            _session = login.Session;
            return (login.Ok, login.Error, login.Message);
        }, cancellationToken).ConfigureAwait(false);

        var accounts = new List<string> { first };
        for (var i = 1; i < count; i++)
        {
            var openId = $"chaos-{seed}-open-{i}";
            var account = AccountNumber.ForRequest(openId);
            await UntilOkAsync(() => Written(OpenAsync()), cancellationToken).ConfigureAwait(false);
            accounts.Add(account);

            async Task<WriteResult> OpenAsync()
            {
                (var result, account) = await AccountOpening.OpenAsync(masters.Grains, openId, _session).ConfigureAwait(false);
                return result;
            }
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            var fundId = $"chaos-{seed}-fund-{i}";
            var account = accounts[i];
            await UntilOkAsync(() => Written(AccountWrites.Of(masters.Grains).Deposit(fundId, account, fundingCents, _session)), cancellationToken).ConfigureAwait(false);
        }

        return accounts;
    }

    public Task<WriteResult> TransferAsync(string requestId, string from, string to, long amountCents) =>
        AccountWrites.Of(masters.Grains).Transfer(requestId, from, to, amountCents, _session);

    public Task<BalanceView> ReadFromMastersAsync(string account) =>
        masters.Grains.GetGrain<IAccountGrain>(account).ReadBalance(_session);

    // Every account is opened (version 1) and then funded (version 2) before the snapshots start.
    // A reader may lag by design; asked for at least version 2, one still behind the funding
    // answers unavailable (an incomplete snapshot) instead of a pre-funding balance that no cut of
    // the run's history holds.
    private const long FundedVersion = 2;

    public Task<BalanceView> ReadFromReaderAsync(string account) =>
        reader.Grains.GetGrain<IAccountQueryGrain>(account).Balance(FundedVersion, _session);

    private static async Task<(bool, string?, string)> Written(Task<WriteResult> write)
    {
        var result = await write.ConfigureAwait(false);
        return (result.Ok, result.Error, result.Message);
    }

    private static async Task UntilOkAsync(Func<Task<(bool Ok, string? Error, string Message)>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var (ok, error, message) = await call().ConfigureAwait(false);
                if (ok)
                {
                    return;
                }

                if (error is not ("unavailable" or "outcome_unknown"))
                {
                    throw new InvalidOperationException($"setup call refused: {error}: {message}");
                }
            }
            catch (Exception exception) when (exception is not InvalidOperationException and not OperationCanceledException)
            {
                // Setup runs before any fault; a transient error is retried with the same request id.
            }

            await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        }
    }
}
