namespace BankOrleans.Bench.Options;

/// <summary>What one <c>./bank bench</c> invocation measures and how; see <see cref="BenchOptionsParser"/> for the defaults.</summary>
public sealed record BenchOptions
{
    /// <summary>How many accounts are opened and funded before the run.</summary>
    public int Accounts { get; init; } = 10_000;

    /// <summary>How many workers issue operations concurrently (each waits for its answer).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>
    /// How many accounts are opened and funded at once before the run. 256 because an open is a
    /// first write (a lease vote and a prepare before its accept), so funding waits on round trips,
    /// not on CPU: at 10,000 accounts it took 19.4 s at 64 in flight, 10.8–11.4 s at 256 and 14.6 s
    /// at 1,024 (one cluster, load average 12–13 from builds beside it).
    /// </summary>
    public int FundConcurrency { get; init; } = 256;

    /// <summary>How long the measured part of a run lasts.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Seconds of load before measuring starts, for every system. 15 s because the Orleans
    /// Transactions peers were still warming up (their JIT, their transaction agents) for the first
    /// 10 s of a run: measured after 3 s, the in-memory peer reported half to three quarters of its
    /// steady throughput, which flattered the ratio to it.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The operations the workers issue.</summary>
    public WorkloadMix Mix { get; init; } = WorkloadMix.TransfersOnly;

    /// <summary>The random seed of the workload (accounts and amounts picked); the same seed picks the same sequence per worker.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Print one JSON object on stdout instead of the human report.</summary>
    public bool Json { get; init; }

    /// <summary>Also run the Orleans Transactions peer (durable, alternating with ours, then in memory).</summary>
    public bool Compare { get; init; }

    /// <summary>With <see cref="Compare"/>: how many times ours and the durable peer each run, alternating.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>How many silo processes the baseline peer runs.</summary>
    public int BaselineSilos { get; init; } = 4;

    /// <summary>The first port of the baseline peer: silo ports from here, gateway ports from here + 100.</summary>
    public int BaselinePort { get; init; } = 21111;

    /// <summary>Skip the single-node SQLite ceiling.</summary>
    public bool SkipCeiling { get; init; }

    /// <summary>Each account's opening deposit, in cents.</summary>
    public long FundCents { get; init; } = 1_000_00;

    /// <summary>The bank's gateways (ip:port); from <c>--gateway</c> or BANK_GATEWAYS.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>
    /// Send the bank's measured calls through the write leader's gateway only (found after the
    /// funding), saving the hop through another silo; false (<c>--any-gateway</c>) lets the Orleans
    /// client pick among <see cref="Gateways"/> as the console client does.
    /// </summary>
    public bool PinLeaderGateway { get; init; } = true;

    /// <summary>The bank's data directory (pid files are read from <c>pids/</c>); from <c>--data-dir</c> or BANK_DATA_DIR.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The console client's assembly, used for <c>admin verify</c>; null if unknown.</summary>
    public string? ClientAssembly { get; init; }

    /// <summary>Where the baseline peer and the SQLite ceiling keep their files (a fresh temporary directory if null).</summary>
    public string? WorkDirectory { get; init; }
}
