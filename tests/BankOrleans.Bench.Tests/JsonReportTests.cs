using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Reporting;
using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench.Tests;

public sealed class JsonReportTests
{
    [Fact]
    public void The_json_answer_carries_throughput_latency_outcomes_cpu_and_the_ratio_to_the_peer()
    {
        var bank = Measured("bank", committed: 400, cpu: TimeSpan.FromSeconds(0.5));
        var peer = Measured("orleans-tx-sqlite", committed: 100, cpu: null);
        var report = new BenchReport(
            new BenchOptions(), DateTimeOffset.UnixEpoch, System(bank), System(peer), null, []);

        var json = JsonReport.Build(report);

        Assert.Equal(400.0, (double)json["transfersPerSec"]!);
        Assert.Equal(0, (long)json["unknown"]!);
        Assert.True((double)json["p99Ms"]! > 0);
        Assert.Equal(0.5, (double)json["cpuCores"]!);
        Assert.Equal(1.25, (double)json["cpuMsPerOp"]!);
        Assert.Equal(4.0, (double)json["ratio"]!);
        Assert.Null(json["baseline"]!["cpuCores"]);
        Assert.Null(json["baseline"]!["cpuMsPerOp"]);
        Assert.Equal("any", (string)json["bankGateway"]!);
    }

    [Fact]
    public void The_json_answer_names_the_gateway_the_bank_was_called_through()
    {
        var report = new BenchReport(
            new BenchOptions(), DateTimeOffset.UnixEpoch, System(Measured("bank", committed: 10, cpu: null)), null, null, [])
        {
            BankGateway = "127.0.0.1:30002 (master-2)",
        };

        Assert.Equal("127.0.0.1:30002 (master-2)", (string)JsonReport.Build(report)["bankGateway"]!);
    }

    [Fact]
    public void The_json_answer_says_how_long_funding_took_and_its_cpu_per_account()
    {
        var report = new BenchReport(
            new BenchOptions(), DateTimeOffset.UnixEpoch, System(Measured("bank", committed: 10, cpu: null)), null, null, [])
        {
            BankFunding = new FundingCost(52.5, 100_000, TimeSpan.FromSeconds(150)),
        };

        var json = JsonReport.Build(report);

        Assert.Equal(52.5, (double)json["fundingSec"]!);
        Assert.Equal(1.5, (double)json["fundingCpuMsPerAccount"]!);
    }

    [Fact]
    public void Each_silo_reports_its_cpu_per_operation_split_by_thread_kind()
    {
        var measurement = Measured("bank", committed: 100, cpu: null);
        var writer = new Dictionary<string, TimeSpan>
        {
            [SiloThreadKind.ReplicaWriter] = TimeSpan.FromMilliseconds(30),
            [SiloThreadKind.PasswordHashing] = TimeSpan.Zero,
            [SiloThreadKind.Gc] = TimeSpan.FromMilliseconds(10),
            [SiloThreadKind.Jit] = TimeSpan.Zero,
            [SiloThreadKind.Other] = TimeSpan.FromMilliseconds(60),
        };
        measurement.AddCpu(new CpuUse(new Dictionary<int, ProcessCpuUse>
        {
            [101] = new(TimeSpan.FromMilliseconds(100), writer),
            [102] = new(TimeSpan.FromMilliseconds(50), new Dictionary<string, TimeSpan>()),
        }));
        var bank = new SystemReport("bank", "bank", measurement, null, [new SiloMemory("master-1", 101, 1024), new SiloMemory("reader", 102, 1024)], null);

        var json = JsonReport.Build(new BenchReport(new BenchOptions(), DateTimeOffset.UnixEpoch, bank, null, null, []));

        Assert.Equal(1.5, (double)json["cpuMsPerOp"]!);
        var master = json["silos"]![0]!;
        Assert.Equal(1.0, (double)master["cpuMsPerOp"]!);
        Assert.Equal(0.3, (double)master["cpuMsPerOpByThread"]![SiloThreadKind.ReplicaWriter]!);
        Assert.Equal(0.1, (double)master["cpuMsPerOpByThread"]![SiloThreadKind.Gc]!);
        Assert.Equal(0.6, (double)master["cpuMsPerOpByThread"]![SiloThreadKind.Other]!);
        var reader = json["silos"]![1]!;
        Assert.Equal(0.5, (double)reader["cpuMsPerOp"]!);
        Assert.Null(reader["cpuMsPerOpByThread"]);
        // One silo without a split: a top-level split would add up to less than cpuMsPerOp.
        Assert.Null(json["cpuMsPerOpByThread"]);
    }

    [Fact]
    public void Each_silo_reports_its_growth_per_account_at_its_peak_and_after_funding()
    {
        var memory = new SiloMemory("master-1", 101, PeakRssKilobytes: 400_000, RssBeforeFundingKilobytes: 100_000, AccountsFunded: 1_000, RssAfterFundingKilobytes: 200_000);
        var bank = new SystemReport("bank", "bank", Measured("bank", committed: 100, cpu: null), null, [memory], null);

        var silo = JsonReport.Build(new BenchReport(new BenchOptions(), DateTimeOffset.UnixEpoch, bank, null, null, []))["silos"]![0]!;

        Assert.Equal(307_200, (long)silo["rssGrowthBytesPerAccount"]!);
        Assert.Equal(102_400, (long)silo["rssKeptBytesPerAccount"]!);
    }

    [Fact]
    public void The_json_answer_divides_the_fastest_ceiling_by_the_four_files_and_gives_our_share()
    {
        var bank = System(Measured("bank", committed: 2_000, cpu: null));
        IReadOnlyList<SystemReport> ceilings =
        [
            System(Measured("sqlite-1-node", committed: 1_000, cpu: null)),
            System(Measured("sqlite-1-node-group", committed: 40_000, cpu: null)),
        ];

        var json = JsonReport.Build(new BenchReport(new BenchOptions(), DateTimeOffset.UnixEpoch, bank, null, null, ceilings));

        Assert.Equal(10_000.0, (double)json["ceilingPerTransferPerSec"]!);
        Assert.Equal(0.2, (double)json["ceilingShare"]!);
    }

    // Committed transfers of 2 ms each over one 1-second round, and the CPU the round used if sampled.
    private static RunMeasurement Measured(string name, int committed, TimeSpan? cpu)
    {
        var measurement = new RunMeasurement { System = name };
        for (var i = 0; i < committed; i++)
        {
            measurement.Record(OperationKind.Transfer, WriteOutcome.Committed, 2_000);
        }

        measurement.AddRound(TimeSpan.FromSeconds(1));
        if (cpu is { } used)
        {
            measurement.AddCpu(new CpuUse(new Dictionary<int, ProcessCpuUse> { [1] = new(used, new Dictionary<string, TimeSpan>()) }));
        }

        return measurement;
    }

    private static SystemReport System(RunMeasurement measurement) =>
        new(measurement.System, measurement.System, measurement, null, [], null);
}
