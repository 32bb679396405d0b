using BankOrleans.Chaos.Cluster;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Chaos.Workload;

/// <summary>
/// The workload on the operator path (<c>actor</c> = null) of IAccountGrain. Reader reads go through a
/// client whose only gateway is the reader silo (the reader has no query grains yet, so the read is
/// answered by the account grain on a master).
/// </summary>
internal sealed class OperatorBankWorkload(ChaosClient masters, ChaosClient reader, int seed) : IBankWorkload
{
    public async Task<IReadOnlyList<string>> SetupAsync(int count, long fundingCents, CancellationToken cancellationToken)
    {
        var accounts = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var openId = $"chaos-{seed}-open-{i}";
            var account = AccountNumber.ForRequest(openId);
            await UntilOkAsync(() => masters.Grains.GetGrain<IAccountGrain>(account).Open(openId, "chaos", null), cancellationToken).ConfigureAwait(false);
            var fundId = $"chaos-{seed}-fund-{i}";
            await UntilOkAsync(() => masters.Grains.GetGrain<IAccountGrain>(account).Deposit(fundId, fundingCents, null), cancellationToken).ConfigureAwait(false);
            accounts.Add(account);
        }

        return accounts;
    }

    public Task<WriteResult> TransferAsync(string requestId, string from, string to, long amountCents) =>
        masters.Grains.GetGrain<IAccountGrain>(from).Transfer(requestId, to, amountCents, null);

    public Task<BalanceView> ReadFromMastersAsync(string account) =>
        masters.Grains.GetGrain<IAccountGrain>(account).ReadBalance(null);

    public Task<BalanceView> ReadFromReaderAsync(string account) =>
        reader.Grains.GetGrain<IAccountGrain>(account).ReadBalance(null);

    private static async Task UntilOkAsync(Func<Task<WriteResult>> write, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await write().ConfigureAwait(false);
                if (result.Ok)
                {
                    return;
                }

                if (result.Error is not ("unavailable" or "outcome_unknown"))
                {
                    throw new InvalidOperationException($"setup write refused: {result.Error}: {result.Message}");
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
