using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;

namespace BankOrleans.Bench.Reporting;

/// <summary>The whole invocation's result: the options, ours, and the peers that ran.</summary>
public sealed record BenchReport(
    BenchOptions Options,
    DateTimeOffset StartedAt,
    SystemReport Bank,
    SystemReport? Baseline,
    SystemReport? BaselineInMemory,
    IReadOnlyList<SystemReport> Ceilings)
{
    /// <summary>The gateway the bank's measured calls went through: <c>ip:port (silo)</c>, or <c>any (why)</c>; null if not recorded.</summary>
    public string? BankGateway { get; init; }

    /// <summary>What opening and funding the bank's accounts took; null if not recorded.</summary>
    public FundingCost? BankFunding { get; init; }

    /// <summary>Ours / durable peer committed transfers per second; null without a peer or when the peer committed nothing.</summary>
    public double? Ratio => Baseline is { Measurement.TransfersPerSecond: > 0 } peer
        ? Bank.Measurement.TransfersPerSecond / peer.Measurement.TransfersPerSecond
        : null;

    /// <summary>Ours / in-memory peer committed transfers per second.</summary>
    public double? RatioInMemory => BaselineInMemory is { Measurement.TransfersPerSecond: > 0 } peer
        ? Bank.Measurement.TransfersPerSecond / peer.Measurement.TransfersPerSecond
        : null;

    /// <summary>
    /// The SQLite files one replicated transfer writes and fsyncs on this one machine: the three
    /// masters' replicas and the reader's.
    /// </summary>
    public const int FilesPerTransfer = 4;

    /// <summary>
    /// The fastest SQLite ceiling (transfers/s on one file) divided by <see cref="FilesPerTransfer"/>:
    /// what the disk allows when every transfer is written to four files. Null without a ceiling run.
    /// </summary>
    public double? CeilingPerTransfer => Ceilings.Count == 0
        ? null
        : Ceilings.Max(c => c.Measurement.TransfersPerSecond) / FilesPerTransfer;

    /// <summary>Ours / <see cref="CeilingPerTransfer"/>: the share of the disk's allowance the bank reaches.</summary>
    public double? CeilingShare => CeilingPerTransfer is > 0 and var allowance
        ? Bank.Measurement.TransfersPerSecond / allowance
        : null;

    /// <summary>Whether every system that was checked conserved money and the bank's verify is not red.</summary>
    public bool AllGood =>
        new[] { Bank, Baseline, BaselineInMemory }.Concat(Ceilings).OfType<SystemReport>().All(s => s.Conservation?.Conserved ?? true)
        && Bank.Verify?.State != "red";
}
