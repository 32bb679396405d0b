using System.Diagnostics;
using BankOrleans.Bench.Baseline;
using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Reporting;
using BankOrleans.Bench.Targets;
using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench;

/// <summary>
/// One <c>./bank bench</c> invocation: the bank, then (with <c>--compare</c>) the durable Orleans
/// Transactions peer alternating with it round by round and the in-memory peer once, then the
/// single-node SQLite ceiling; each funded first and checked for conservation after.
/// </summary>
public sealed class BenchSession(BenchOptions options)
{
    private static readonly TimeSpan PeerStartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CeilingDuration = TimeSpan.FromSeconds(10);
    private readonly ProgressLine _progress = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Runs everything and returns the report. Throws when the bank or a peer cannot be reached or funded.</summary>
    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var workDirectory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"bank-bench-{_runId}");
        Directory.CreateDirectory(workDirectory);
        var runner = new WorkloadRunner(options, _runId, _progress);
        var rounds = options.Compare ? options.Rounds : 1;

        ProgressLine.Note($"bench run {_runId}: bank at {string.Join(", ", options.Gateways)}; peer and ceiling files in {workDirectory}");
        await using var bank = await BankSessionTarget.ConnectAsync(options.Gateways, _runId, cancellationToken).ConfigureAwait(false);
        await bank.PrepareAsync(options.Concurrency, cancellationToken).ConfigureAwait(false);
        var residentBefore = SiloPeakMemory.ForBankSilos(options.DataDirectory).ToDictionary(s => s.Pid, s => SiloPeakMemory.ReadRssKilobytes(s.Pid));
        // The bank's silos, whose CPU is sampled around the funding and each measured round.
        var bankCpu = new ProcessCpu([.. residentBefore.Keys]);
        var cpuBeforeFunding = bankCpu.Sample();
        var fundingClock = Stopwatch.StartNew();
        var bankAccounts = await runner.FundAsync(bank, cancellationToken).ConfigureAwait(false);
        var funding = new FundingCost(fundingClock.Elapsed.TotalSeconds, bankAccounts.Length, bankCpu.Sample().Since(cpuBeforeFunding).Total);
        var residentAfter = residentBefore.Keys.ToDictionary(pid => pid, SiloPeakMemory.ReadRssKilobytes);
        var bankGateway = options.PinLeaderGateway
            ? await bank.UseLeaderGatewayAsync(options.Gateways, cancellationToken).ConfigureAwait(false)
            : BankSessionTarget.AnyGateway("--any-gateway");
        ProgressLine.Note($"[bank] measured calls go through the gateway: {bankGateway}");
        var bankMeasurement = new RunMeasurement { System = bank.Name };

        BaselinePeer? durablePeer = null;
        OrleansTransactionsTarget? durable = null;
        string[] durableAccounts = [];
        var durableMeasurement = new RunMeasurement { System = "orleans-tx-sqlite" };
        try
        {
            if (options.Compare)
            {
                ProgressLine.Note($"starting the durable Orleans Transactions peer: {options.BaselineSilos} silos on 127.0.0.1:{options.BaselinePort}+");
                durablePeer = await BaselinePeer.StartAsync(
                    BaselineStorageKind.Sqlite, options.BaselineSilos, options.BaselinePort, Path.Combine(workDirectory, "peer-sqlite"), PeerStartTimeout, cancellationToken)
                    .ConfigureAwait(false);
                durable = await ConnectPeerAsync(durableMeasurement.System, durablePeer, cancellationToken).ConfigureAwait(false);
                durableAccounts = await runner.FundAsync(durable, cancellationToken).ConfigureAwait(false);
            }

            for (var round = 0; round < rounds; round++)
            {
                await runner.RunRoundAsync(bank, bankAccounts, bankMeasurement, round, options.Duration, cancellationToken, bankCpu).ConfigureAwait(false);
                if (durable is not null)
                {
                    await runner.RunRoundAsync(
                        durable, durableAccounts, durableMeasurement, round, options.Duration, cancellationToken, new ProcessCpu(durablePeer!.Pids)).ConfigureAwait(false);
                }
            }

            var bankConservation = await runner.CheckConservationAsync(bank, bankAccounts, bankMeasurement, cancellationToken).ConfigureAwait(false);
            ProgressLine.Note("[bank] running admin verify…");
            var verify = await AdminVerify.RunAsync(options.ClientAssembly, options.Gateways, cancellationToken).ConfigureAwait(false);
            var bankReport = new SystemReport(
                bank.Name,
                "this repository's cluster (3 masters + reader), one customer session per worker up to 64 (shared above), each write acknowledged after a majority of masters committed it",
                bankMeasurement,
                bankConservation,
                [.. SiloPeakMemory.ForBankSilos(options.DataDirectory).Select(s => s with
                {
                    RssBeforeFundingKilobytes = residentBefore.GetValueOrDefault(s.Pid),
                    RssAfterFundingKilobytes = residentAfter.GetValueOrDefault(s.Pid),
                    AccountsFunded = options.Accounts,
                })],
                verify);

            SystemReport? durableReport = null;
            SystemReport? memoryReport = null;
            if (durable is not null && durablePeer is not null)
            {
                var conservation = await runner.CheckConservationAsync(durable, durableAccounts, durableMeasurement, cancellationToken).ConfigureAwait(false);
                durableReport = new SystemReport(
                    durable.Name,
                    $"Orleans Transactions (ITransactionalState), {options.BaselineSilos} silos, ADO.NET grain storage on one SQLite file per silo "
                    + "(WAL, synchronous=FULL), localhost clustering; durable",
                    durableMeasurement,
                    conservation,
                    durablePeer.PeakMemory(),
                    null);
                await durable.DisposeAsync().ConfigureAwait(false);
                await durablePeer.DisposeAsync().ConfigureAwait(false);
                durable = null;
                durablePeer = null;
                memoryReport = await RunInMemoryPeerAsync(runner, workDirectory, cancellationToken).ConfigureAwait(false);
            }

            var ceilings = options.SkipCeiling ? [] : await RunCeilingsAsync(workDirectory, cancellationToken).ConfigureAwait(false);
            return new BenchReport(options, startedAt, bankReport, durableReport, memoryReport, ceilings) { BankGateway = bankGateway, BankFunding = funding };
        }
        finally
        {
            if (durable is not null)
            {
                await durable.DisposeAsync().ConfigureAwait(false);
            }

            if (durablePeer is not null)
            {
                await durablePeer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<SystemReport> RunInMemoryPeerAsync(WorkloadRunner runner, string workDirectory, CancellationToken cancellationToken)
    {
        ProgressLine.Note($"starting the in-memory Orleans Transactions peer: {options.BaselineSilos} silos");
        await using var peer = await BaselinePeer.StartAsync(
            BaselineStorageKind.Memory, options.BaselineSilos, options.BaselinePort, Path.Combine(workDirectory, "peer-memory"), PeerStartTimeout, cancellationToken)
            .ConfigureAwait(false);
        var measurement = new RunMeasurement { System = "orleans-tx-memory" };
        await using var target = await ConnectPeerAsync(measurement.System, peer, cancellationToken).ConfigureAwait(false);
        var accounts = await runner.FundAsync(target, cancellationToken).ConfigureAwait(false);
        await runner.RunRoundAsync(target, accounts, measurement, 0, options.Duration, cancellationToken, new ProcessCpu(peer.Pids)).ConfigureAwait(false);
        var conservation = await runner.CheckConservationAsync(target, accounts, measurement, cancellationToken).ConfigureAwait(false);
        return new SystemReport(
            target.Name,
            $"Orleans Transactions, {options.BaselineSilos} silos, in-memory grain storage; NOT durable",
            measurement,
            conservation,
            peer.PeakMemory(),
            null);
    }

    private async Task<IReadOnlyList<SystemReport>> RunCeilingsAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var duration = options.Duration < CeilingDuration ? options.Duration : CeilingDuration;
        var ceilingOptions = options with { Warmup = TimeSpan.FromSeconds(1) };
        var runner = new WorkloadRunner(ceilingOptions, _runId, _progress);
        var reports = new List<SystemReport>();
        foreach (var (name, batch, description) in new[]
        {
            ("sqlite-1-node", 1, "one process, one SQLite file (WAL, synchronous=FULL), one transaction and fsync per operation: the disk's ceiling without batching"),
            ("sqlite-1-node-group", options.Concurrency, $"the same with group commit: up to {options.Concurrency} queued operations per transaction and fsync"),
        })
        {
            await using var target = SqliteLedgerTarget.Create(name, Path.Combine(workDirectory, name + ".db"), batch);
            var measurement = new RunMeasurement { System = name };
            var accounts = await runner.FundAsync(target, cancellationToken).ConfigureAwait(false);
            // In-process: the bench's own CPU, its workers included.
            await runner.RunRoundAsync(target, accounts, measurement, 0, duration, cancellationToken, new ProcessCpu([Environment.ProcessId])).ConfigureAwait(false);
            var conservation = await runner.CheckConservationAsync(target, accounts, measurement, cancellationToken).ConfigureAwait(false);
            reports.Add(new SystemReport(name, description, measurement, conservation, [], null));
        }

        return reports;
    }

    private static async Task<OrleansTransactionsTarget> ConnectPeerAsync(string name, BaselinePeer peer, CancellationToken cancellationToken)
    {
        var connection = await OrleansClientConnection.ConnectAsync(
            peer.Gateways, BaselineSiloOptions.ClusterId, BaselineSiloOptions.ServiceId, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return new OrleansTransactionsTarget(name, connection);
    }
}
