using System.Globalization;
using BankOrleans.Bench.Workload;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// The bank itself, called as the console client calls it: <see cref="IAccountGrain"/> on the
/// operator path (<c>actor</c> null). When sessions replace <c>actor</c>, this is the one class
/// to change: <see cref="PrepareAsync"/> registers and logs in one user per worker and every
/// call passes that worker's session.
/// </summary>
public sealed class BankOperatorTarget : IBankWorkloadTarget
{
    /// <summary>The Orleans cluster id of the bank (the console client's <c>ClusterConnection.ClusterId</c>).</summary>
    public const string ClusterId = "bank";

    /// <summary>The Orleans service id of the bank (the console client's <c>ClusterConnection.ServiceId</c>).</summary>
    public const string ServiceId = "bank-orleans";

    private const int FundAttempts = 5;
    private readonly OrleansClientConnection _connection;
    private readonly string _runId;

    private BankOperatorTarget(OrleansClientConnection connection, string runId)
    {
        _connection = connection;
        _runId = runId;
    }

    /// <inheritdoc />
    public string Name => "bank";

    /// <inheritdoc />
    public bool RetriesAreIdempotent => true;

    /// <summary>Connects to the bank's gateways. Accounts get fresh numbers per <paramref name="runId"/>.</summary>
    public static async Task<BankOperatorTarget> ConnectAsync(IReadOnlyList<string> gateways, string runId, CancellationToken cancellationToken)
    {
        var connection = await OrleansClientConnection.ConnectAsync(gateways, ClusterId, ServiceId, TimeSpan.FromSeconds(15), cancellationToken)
            .ConfigureAwait(false);
        return new BankOperatorTarget(connection, runId);
    }

    /// <inheritdoc />
    public Task PrepareAsync(int workers, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<(WriteOutcome Outcome, string Account)> OpenAndFundAsync(int index, long fundCents, CancellationToken cancellationToken)
    {
        var suffix = index.ToString(CultureInfo.InvariantCulture);
        var openId = $"bench-{_runId}-open-{suffix}";
        var account = AccountNumber.ForRequest(openId);
        var grain = _connection.Client.GetGrain<IAccountGrain>(account);
        // Retrying with the same request id is safe: the bank applies it at most once.
        var opened = await RetryAsync(() => grain.Open(openId, "bench", null), cancellationToken).ConfigureAwait(false);
        if (opened.Outcome != OperationOutcome.Committed)
        {
            return (opened, account);
        }

        var funded = await RetryAsync(() => grain.Deposit($"bench-{_runId}-fund-{suffix}", fundCents, null), cancellationToken).ConfigureAwait(false);
        return (funded, account);
    }

    /// <inheritdoc />
    public Task<WriteOutcome> TransferAsync(int worker, string requestId, string from, string to, long amountCents) =>
        CallAsync(() => _connection.Client.GetGrain<IAccountGrain>(from).Transfer(requestId, to, amountCents, null));

    /// <inheritdoc />
    public Task<WriteOutcome> DepositAsync(int worker, string requestId, string account, long amountCents) =>
        CallAsync(() => _connection.Client.GetGrain<IAccountGrain>(account).Deposit(requestId, amountCents, null));

    /// <inheritdoc />
    public Task<WriteOutcome> WithdrawAsync(int worker, string requestId, string account, long amountCents) =>
        CallAsync(() => _connection.Client.GetGrain<IAccountGrain>(account).Withdraw(requestId, amountCents, null));

    /// <inheritdoc />
    public async Task<BalanceReading> BalanceAsync(int worker, string account)
    {
        try
        {
            var view = await _connection.Client.GetGrain<IAccountGrain>(account).ReadBalance(null).ConfigureAwait(false);
            return view.Ok
                ? new BalanceReading(OperationOutcome.Committed, view.BalanceCents)
                : new BalanceReading(OutcomeOf(view.Error), 0, $"{view.Error}: {view.Message}");
        }
        catch (Exception exception)
        {
            var failure = CallFailure.Classify(exception);
            return new BalanceReading(failure.Outcome, 0, failure.Error);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task<WriteOutcome> CallAsync(Func<Task<WriteResult>> call)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            return result.Ok ? WriteOutcome.Committed : new WriteOutcome(OutcomeOf(result.Error), $"{result.Error}: {result.Message}");
        }
        catch (Exception exception)
        {
            return CallFailure.Classify(exception);
        }
    }

    private static async Task<WriteOutcome> RetryAsync(Func<Task<WriteResult>> call, CancellationToken cancellationToken)
    {
        var outcome = await CallAsync(call).ConfigureAwait(false);
        for (var attempt = 1; attempt < FundAttempts && outcome.Outcome is OperationOutcome.Unavailable or OperationOutcome.Unknown; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            outcome = await CallAsync(call).ConfigureAwait(false);
        }

        return outcome;
    }

    private static OperationOutcome OutcomeOf(string? error) => error switch
    {
        ErrorCodes.Unavailable => OperationOutcome.Unavailable,
        ErrorCodes.OutcomeUnknown => OperationOutcome.Unknown,
        null => OperationOutcome.Unknown,
        _ => OperationOutcome.Rejected,
    };
}
