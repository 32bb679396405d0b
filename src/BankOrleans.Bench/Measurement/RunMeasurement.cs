using BankOrleans.Bench.Options;
using BankOrleans.Bench.Workload;
using HdrHistogram;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// What the workers of one system measured, accumulated over its rounds: counts per operation
/// kind and outcome, latency histograms (µs) per kind, the money deposits and withdrawals moved,
/// and the writes whose outcome stayed unknown. Thread-safe for the workers' recording.
/// </summary>
public sealed class RunMeasurement
{
    private static readonly int Kinds = Enum.GetValues<OperationKind>().Length;
    private static readonly int Outcomes = Enum.GetValues<OperationOutcome>().Length;
    private readonly long[] _counts = new long[Kinds * Outcomes];
    private readonly LongHistogram[] _latency = [.. Enumerable.Range(0, Kinds).Select(_ => LatencySummary.NewHistogram())];
    private readonly Lock _gate = new();
    private readonly List<UnresolvedWrite> _unresolved = [];
    private readonly Dictionary<OperationOutcome, string> _sampleErrors = [];

    // Per process: CPU seconds inside the measured windows, in total and by thread kind. Written
    // only between rounds, when no worker records.
    private readonly Dictionary<int, ProcessCpuTotals> _cpuByProcess = [];
    private long _depositedCents;
    private long _withdrawnCents;

    /// <summary>The name of the system measured.</summary>
    public required string System { get; init; }

    /// <summary>Seconds measured over all rounds.</summary>
    public double MeasuredSeconds { get; private set; }

    /// <summary>Rounds measured.</summary>
    public int Rounds { get; private set; }

    /// <summary>Money paid in by committed deposits of the workload (cents).</summary>
    public long DepositedCents => Interlocked.Read(ref _depositedCents);

    /// <summary>Money paid out by committed withdrawals of the workload (cents).</summary>
    public long WithdrawnCents => Interlocked.Read(ref _withdrawnCents);

    /// <summary>Deposits and withdrawals whose outcome is still unknown.</summary>
    public IReadOnlyList<UnresolvedWrite> Unresolved
    {
        get
        {
            lock (_gate)
            {
                return [.. _unresolved];
            }
        }
    }

    /// <summary>One error message per failed outcome, for the report.</summary>
    public IReadOnlyDictionary<OperationOutcome, string> SampleErrors
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<OperationOutcome, string>(_sampleErrors);
            }
        }
    }

    /// <summary>How many operations of <paramref name="kind"/> ended with <paramref name="outcome"/>.</summary>
    public long Count(OperationKind kind, OperationOutcome outcome) => Interlocked.Read(ref _counts[Index(kind, outcome)]);

    /// <summary>How many operations of any kind ended with <paramref name="outcome"/>.</summary>
    public long Count(OperationOutcome outcome) => Enum.GetValues<OperationKind>().Sum(kind => Count(kind, outcome));

    /// <summary>Every operation measured.</summary>
    public long Total => Enum.GetValues<OperationOutcome>().Sum(Count);

    /// <summary>Committed transfers per measured second.</summary>
    public double TransfersPerSecond => MeasuredSeconds > 0 ? Count(OperationKind.Transfer, OperationOutcome.Committed) / MeasuredSeconds : 0;

    /// <summary>Operations of any kind and outcome per measured second.</summary>
    public double OperationsPerSecond => MeasuredSeconds > 0 ? Total / MeasuredSeconds : 0;

    /// <summary>Latency of the committed operations of <paramref name="kind"/>.</summary>
    public LatencySummary Latency(OperationKind kind)
    {
        lock (_gate)
        {
            return LatencySummary.From(_latency[(int)kind]);
        }
    }

    /// <summary>Records one measured operation (the latency histogram holds committed operations only).</summary>
    public void Record(OperationKind kind, WriteOutcome outcome, long microseconds)
    {
        Interlocked.Increment(ref _counts[Index(kind, outcome.Outcome)]);
        if (outcome.Outcome == OperationOutcome.Committed)
        {
            lock (_gate)
            {
                _latency[(int)kind].RecordValue(Math.Clamp(microseconds, 1, LatencySummary.HighestTrackableMicroseconds));
            }
        }
        else if (outcome.Error is { } error)
        {
            lock (_gate)
            {
                _sampleErrors.TryAdd(outcome.Outcome, error);
            }
        }
    }

    /// <summary>
    /// Books the money effect of a deposit or withdrawal, measured or not (warm-up included):
    /// committed ones move the expected total, unknown ones are kept to resolve later.
    /// </summary>
    public void BookMoney(UnresolvedWrite write, OperationOutcome outcome)
    {
        if (outcome == OperationOutcome.Committed)
        {
            Interlocked.Add(ref write.Kind == OperationKind.Deposit ? ref _depositedCents : ref _withdrawnCents, write.AmountCents);
        }
        else if (outcome == OperationOutcome.Unknown)
        {
            lock (_gate)
            {
                _unresolved.Add(write);
            }
        }
    }

    /// <summary>Replaces the unresolved writes with those still unknown after re-sending them.</summary>
    public void SetUnresolved(IEnumerable<UnresolvedWrite> stillUnknown)
    {
        lock (_gate)
        {
            _unresolved.Clear();
            _unresolved.AddRange(stillUnknown);
        }
    }

    /// <summary>CPU seconds the system's processes used inside the measured windows, or null if not sampled.</summary>
    public double? CpuSeconds { get; private set; }

    /// <summary>Cores the system's processes kept busy on average while measured, or null.</summary>
    public double? CpuCores => CpuSeconds is { } cpu && MeasuredSeconds > 0 ? cpu / MeasuredSeconds : null;

    /// <summary>
    /// CPU milliseconds per committed operation (what failed ones cost included), or null when
    /// not sampled or nothing committed.
    /// </summary>
    public double? CpuMsPerCommitted => CpuSeconds is { } cpu && Count(OperationOutcome.Committed) is > 0 and var committed
        ? cpu * 1000 / committed
        : null;

    /// <summary>Adds the CPU time one measured window used, in total and per process.</summary>
    public void AddCpu(CpuUse used)
    {
        ArgumentNullException.ThrowIfNull(used);
        CpuSeconds = (CpuSeconds ?? 0) + used.Total.TotalSeconds;
        foreach (var (pid, process) in used.Processes)
        {
            if (!_cpuByProcess.TryGetValue(pid, out var known))
            {
                _cpuByProcess[pid] = known = new ProcessCpuTotals();
            }

            known.Seconds += process.Cpu.TotalSeconds;
            known.Unsplit |= process.ByThreadKind.Count == 0;
            foreach (var (kind, time) in process.ByThreadKind)
            {
                known.ByThreadKind[kind] = known.ByThreadKind.GetValueOrDefault(kind) + time.TotalSeconds;
            }
        }
    }

    /// <summary>CPU milliseconds per committed operation that process <paramref name="pid"/> used, or null if not sampled or nothing committed.</summary>
    public double? CpuMsPerCommittedOf(int pid) =>
        _cpuByProcess.TryGetValue(pid, out var process) && Count(OperationOutcome.Committed) is > 0 and var committed
            ? process.Seconds * 1000 / committed
            : null;

    /// <summary>
    /// What <see cref="CpuMsPerCommittedOf"/> says, split by <see cref="SiloThreadKind"/>; empty
    /// when the process's threads could not be read in some window (not Linux) or nothing
    /// committed, so that the kinds always add up to the process's figure.
    /// </summary>
    public IReadOnlyDictionary<string, double> CpuMsPerCommittedByThreadKind(int pid) =>
        _cpuByProcess.TryGetValue(pid, out var process) && !process.Unsplit ? PerCommitted(process.ByThreadKind) : [];

    /// <summary>The same split summed over every process sampled; empty unless every one of them was split.</summary>
    public IReadOnlyDictionary<string, double> CpuMsPerCommittedByThreadKind()
    {
        if (_cpuByProcess.Count == 0 || _cpuByProcess.Values.Any(process => process.Unsplit))
        {
            return new Dictionary<string, double>();
        }

        var sum = new Dictionary<string, double>();
        foreach (var (kind, seconds) in _cpuByProcess.Values.SelectMany(process => process.ByThreadKind))
        {
            sum[kind] = sum.GetValueOrDefault(kind) + seconds;
        }

        return PerCommitted(sum);
    }

    private Dictionary<string, double> PerCommitted(Dictionary<string, double> seconds) =>
        Count(OperationOutcome.Committed) is > 0 and var committed
            ? seconds.ToDictionary(entry => entry.Key, entry => entry.Value * 1000 / committed)
            : [];

    /// <summary>Adds one round's measured time.</summary>
    public void AddRound(TimeSpan measured)
    {
        MeasuredSeconds += measured.TotalSeconds;
        Rounds++;
    }

    private static int Index(OperationKind kind, OperationOutcome outcome) => ((int)kind * Outcomes) + (int)outcome;

    private sealed class ProcessCpuTotals
    {
        public double Seconds { get; set; }

        // Some window could not read the process's threads: its split would fall short of Seconds.
        public bool Unsplit { get; set; }

        public Dictionary<string, double> ByThreadKind { get; } = [];
    }
}
