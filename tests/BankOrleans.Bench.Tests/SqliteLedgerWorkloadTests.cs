using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Targets;
using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench.Tests;

/// <summary>The whole workload loop against the in-process SQLite ceiling: funding, a short mixed run, the money check, the CPU sample. No time is asserted.</summary>
public sealed class SqliteLedgerWorkloadTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task A_mixed_run_conserves_money_and_counts_every_operation(int maxBatch)
    {
        var directory = Directory.CreateTempSubdirectory("bench-sqlite-");
        try
        {
            Assert.True(WorkloadMix.TryParse("transfer,deposit,withdraw,balance", out var mix, out _));
            // Only operations that start and end inside the window are counted: a 1 s window once
            // counted none on a stalled CI disk, so the window is long enough to ride out a stall.
            var options = new BenchOptions { Accounts = 20, Concurrency = 4, Duration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.Zero, Mix = mix!, FundCents = 500 };
            var runner = new WorkloadRunner(options, "test", new ProgressLine());
            await using var target = SqliteLedgerTarget.Create("sqlite-test", Path.Combine(directory.FullName, "ledger.db"), maxBatch);
            var measurement = new RunMeasurement { System = target.Name };

            var accounts = await runner.FundAsync(target, CancellationToken.None);
            await runner.RunRoundAsync(target, accounts, measurement, 0, options.Duration, CancellationToken.None, new ProcessCpu([Environment.ProcessId]));
            var check = await runner.CheckConservationAsync(target, accounts, measurement, CancellationToken.None);

            Assert.Equal(20, accounts.Distinct().Count());
            Assert.True(measurement.Count(OperationOutcome.Committed) > 0);
            Assert.Equal(0, measurement.Count(OperationOutcome.Unknown));
            Assert.Equal(10_000 + measurement.DepositedCents - measurement.WithdrawnCents, check.ExpectedCents);
            Assert.True(check.Conserved, check.Describe());
            Assert.True(measurement.CpuSeconds > 0, "the window's CPU time was sampled");
            Assert.Equal(measurement.CpuSeconds!.Value * 1000 / measurement.Count(OperationOutcome.Committed), measurement.CpuMsPerCommitted!.Value, 9);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_transfer_beyond_the_balance_is_rejected_and_changes_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("bench-sqlite-");
        try
        {
            await using var target = SqliteLedgerTarget.Create("sqlite-test", Path.Combine(directory.FullName, "ledger.db"), 1);
            var (_, a) = await target.OpenAndFundAsync(0, 100, CancellationToken.None);
            var (_, b) = await target.OpenAndFundAsync(1, 0, CancellationToken.None);

            var outcome = await target.TransferAsync(0, "r1", a, b, 101);

            Assert.Equal(OperationOutcome.Rejected, outcome.Outcome);
            Assert.Equal(100, (await target.BalanceAsync(0, a)).BalanceCents);
            Assert.Equal(0, (await target.BalanceAsync(0, b)).BalanceCents);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
