using System.Collections.Concurrent;
using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench.Tests;

/// <summary>How the workload runner sends <c>--mix login</c>: to a target whose workers are customers, and nowhere else. No time is asserted.</summary>
public sealed class CustomerLoginWorkloadTests
{
    [Fact]
    public async Task Logins_in_the_mix_log_each_worker_in_as_its_customer_and_are_counted_by_outcome()
    {
        var target = new CustomersTarget();
        var options = Options("login");
        var measurement = new RunMeasurement { System = target.Name };

        await new WorkloadRunner(options, "test", new ProgressLine())
            .RunRoundAsync(target, Accounts(options), measurement, 0, options.Duration, CancellationToken.None);

        Assert.Equal([0, 1], target.LoggedIn.Keys.Order());
        Assert.Equal(0, target.OtherCalls);
        // Worker 1's logins answer unavailable (a busy hashing queue); they are counted, not timed.
        var loggedIn = measurement.Count(OperationKind.Login, OperationOutcome.Committed);
        var busy = measurement.Count(OperationKind.Login, OperationOutcome.Unavailable);
        Assert.True(loggedIn > 0, "worker 0's logins are counted as committed");
        Assert.True(busy > 0, "worker 1's logins are counted as unavailable");
        Assert.InRange(loggedIn + busy, 2, target.LoggedIn.Values.Sum());
        Assert.Equal(loggedIn, measurement.Latency(OperationKind.Login).Count);
        Assert.Equal(loggedIn + busy, measurement.Total);
    }

    [Fact]
    public async Task A_target_without_customers_is_never_asked_to_log_in()
    {
        var target = new NoCustomersTarget();
        var options = Options("login");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new WorkloadRunner(options, "test", new ProgressLine())
                .RunRoundAsync(target, Accounts(options), new RunMeasurement { System = target.Name }, 0, options.Duration, CancellationToken.None));

        Assert.Contains("no customers to log in", failure.Message, StringComparison.Ordinal);
    }

    // Two measured seconds with no warm-up: thousands of answers from these targets, even on a busy machine.
    private static BenchOptions Options(string mix)
    {
        Assert.True(WorkloadMix.TryParse(mix, out var parsed, out _));
        return new BenchOptions { Accounts = 4, Concurrency = 2, Duration = TimeSpan.FromSeconds(2), Warmup = TimeSpan.Zero, Mix = parsed! };
    }

    private static string[] Accounts(BenchOptions options) => [.. Enumerable.Range(0, options.Accounts).Select(i => $"a{i}")];

    private class NoCustomersTarget : IBankWorkloadTarget
    {
        private int _otherCalls;

        public string Name => "test";

        public bool RetriesAreIdempotent => false;

        public int OtherCalls => Volatile.Read(ref _otherCalls);

        public Task PrepareAsync(int workers, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<(WriteOutcome Outcome, string Account)> OpenAndFundAsync(int index, long fundCents, CancellationToken cancellationToken) =>
            Task.FromResult((Other(), $"a{index}"));

        public Task<WriteOutcome> TransferAsync(int worker, string requestId, string from, string to, long amountCents) => Task.FromResult(Other());

        public Task<WriteOutcome> DepositAsync(int worker, string requestId, string account, long amountCents) => Task.FromResult(Other());

        public Task<WriteOutcome> WithdrawAsync(int worker, string requestId, string account, long amountCents) => Task.FromResult(Other());

        public Task<BalanceReading> BalanceAsync(int worker, string account) => Task.FromResult(new BalanceReading(Other().Outcome, 0));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private WriteOutcome Other()
        {
            Interlocked.Increment(ref _otherCalls);
            return WriteOutcome.Committed;
        }
    }

    private sealed class CustomersTarget : NoCustomersTarget, ICustomerLogins
    {
        public ConcurrentDictionary<int, int> LoggedIn { get; } = new();

        public async Task<WriteOutcome> LoginAsync(int worker)
        {
            await Task.Yield();
            LoggedIn.AddOrUpdate(worker, 1, (_, n) => n + 1);
            return worker == 0 ? WriteOutcome.Committed : new WriteOutcome(OperationOutcome.Unavailable, "busy");
        }
    }
}
