using System.Globalization;
using BankOrleans.Bench.Baseline;
using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// The baseline peer: the same operations as Orleans transactions on
/// <see cref="IBaselineAccountGrain"/>s (transfers through <see cref="IBaselineTransferGrain"/>).
/// It has no request ids, so a retried write may apply twice: the benchmark never retries it.
/// </summary>
public sealed class OrleansTransactionsTarget(string name, OrleansClientConnection connection) : IBankWorkloadTarget
{
    private const int FundAttempts = 5;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public bool RetriesAreIdempotent => false;

    /// <inheritdoc />
    public Task PrepareAsync(int workers, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<(WriteOutcome Outcome, string Account)> OpenAndFundAsync(int index, long fundCents, CancellationToken cancellationToken)
    {
        var account = "acct-" + index.ToString(CultureInfo.InvariantCulture);
        var grain = connection.Client.GetGrain<IBaselineAccountGrain>(account);
        var outcome = await CallAsync(() => grain.Deposit(fundCents)).ConfigureAwait(false);
        // Only an abort is retried: it applied nothing. An unknown outcome is reported as such.
        for (var attempt = 1; attempt < FundAttempts && outcome.Outcome is OperationOutcome.Aborted or OperationOutcome.Unavailable; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            outcome = await CallAsync(() => grain.Deposit(fundCents)).ConfigureAwait(false);
        }

        return (outcome, account);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each worker has its own transfer grain. The grain is a non-reentrant stateless worker, and a
    /// silo runs at most as many activations of one such grain as it has cores: through one shared
    /// grain the peer had two transfers in flight whatever the concurrency, all entering through the
    /// one gateway that grain's id hashed to.
    /// </remarks>
    public Task<WriteOutcome> TransferAsync(int worker, string requestId, string from, string to, long amountCents) =>
        CallAsync(() => connection.Client.GetGrain<IBaselineTransferGrain>(worker).Transfer(from, to, amountCents));

    /// <inheritdoc />
    public Task<WriteOutcome> DepositAsync(int worker, string requestId, string account, long amountCents) =>
        CallAsync(() => connection.Client.GetGrain<IBaselineAccountGrain>(account).Deposit(amountCents));

    /// <inheritdoc />
    public Task<WriteOutcome> WithdrawAsync(int worker, string requestId, string account, long amountCents) =>
        ConditionalAsync(() => connection.Client.GetGrain<IBaselineAccountGrain>(account).TryWithdraw(amountCents));

    /// <inheritdoc />
    public async Task<BalanceReading> BalanceAsync(int worker, string account)
    {
        try
        {
            var balance = await connection.Client.GetGrain<IBaselineAccountGrain>(account).GetBalance().ConfigureAwait(false);
            return new BalanceReading(OperationOutcome.Committed, balance);
        }
        catch (Exception exception)
        {
            var failure = CallFailure.Classify(exception);
            return new BalanceReading(failure.Outcome, 0, failure.Error);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static async Task<WriteOutcome> CallAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return WriteOutcome.Committed;
        }
        catch (Exception exception)
        {
            return CallFailure.Classify(exception);
        }
    }

    private static async Task<WriteOutcome> ConditionalAsync(Func<Task<bool>> call)
    {
        try
        {
            return await call().ConfigureAwait(false)
                ? WriteOutcome.Committed
                : new WriteOutcome(OperationOutcome.Rejected, "insufficient_funds");
        }
        catch (Exception exception)
        {
            return CallFailure.Classify(exception);
        }
    }
}
