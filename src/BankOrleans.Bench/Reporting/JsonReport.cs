using System.Text.Json;
using System.Text.Json.Nodes;
using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench.Reporting;

/// <summary>
/// The <c>--json</c> answer: one object with the bank's figures at top level
/// (<c>transfersPerSec</c>, <c>p50Ms</c>, <c>p99Ms</c>, <c>p999Ms</c>, <c>rejected</c>,
/// <c>unavailable</c>, <c>unknown</c>, <c>conserved</c>, <c>cpuMsPerOp</c> and its split
/// <c>cpuMsPerOpByThread</c>, per silo too, …) and, with <c>--compare</c>,
/// <c>baseline</c> (the durable peer), <c>baselineInMemory</c> and <c>ratio</c>; with the ceiling,
/// <c>sqliteCeiling</c>, <c>ceilingPerTransferPerSec</c> (the fastest ceiling ÷ 4 files) and
/// <c>ceilingShare</c> (ours ÷ that).
/// </summary>
public static class JsonReport
{
    /// <summary>Builds the object.</summary>
    public static JsonObject Build(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var options = report.Options;
        var json = new JsonObject
        {
            ["ok"] = report.AllGood,
            ["startedAt"] = report.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["accounts"] = options.Accounts,
            ["concurrency"] = options.Concurrency,
            ["durationSec"] = options.Duration.TotalSeconds,
            ["warmupSec"] = options.Warmup.TotalSeconds,
            ["mix"] = options.Mix.ToString(),
            ["seed"] = options.Seed,
            ["machineCores"] = Environment.ProcessorCount,
        };
        foreach (var (key, value) in SystemJson(report.Bank))
        {
            json[key] = value?.DeepClone();
        }

        json["bankGateway"] = report.BankGateway ?? "any";
        if (report.BankFunding is { } funding)
        {
            json["fundingSec"] = Round(funding.Seconds);
            json["fundingCpuMsPerAccount"] = Round(funding.CpuMsPerAccount);
        }

        json["verify"] = report.Bank.Verify?.State ?? "not run";
        json["verifyDetail"] = report.Bank.Verify?.Detail;
        if (report.Baseline is { } baseline)
        {
            json["baseline"] = SystemJson(baseline);
            json["ratio"] = Round(report.Ratio);
            var ours = report.Bank.Measurement.Latency(OperationKind.Transfer);
            var peer = baseline.Measurement.Latency(OperationKind.Transfer);
            json["latencyRatio"] = new JsonObject
            {
                ["p50"] = Round(peer.P50Ms > 0 ? ours.P50Ms / peer.P50Ms : null),
                ["p99"] = Round(peer.P99Ms > 0 ? ours.P99Ms / peer.P99Ms : null),
                ["p999"] = Round(peer.P999Ms > 0 ? ours.P999Ms / peer.P999Ms : null),
            };
        }

        if (report.BaselineInMemory is { } memory)
        {
            json["baselineInMemory"] = SystemJson(memory);
            json["ratioInMemory"] = Round(report.RatioInMemory);
        }

        if (report.Ceilings.Count > 0)
        {
            json["sqliteCeiling"] = new JsonArray([.. report.Ceilings.Select(c => (JsonNode)SystemJson(c))]);
            json["ceilingPerTransferPerSec"] = Round(report.CeilingPerTransfer);
            json["ceilingShare"] = Round(report.CeilingShare);
        }

        return json;
    }

    /// <summary>The object as one line of text.</summary>
    public static string Serialize(BenchReport report) => Build(report).ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    private static JsonObject SystemJson(SystemReport system)
    {
        var m = system.Measurement;
        var transfer = m.Latency(OperationKind.Transfer);
        var json = new JsonObject
        {
            ["system"] = system.Name,
            ["description"] = system.Description,
            ["rounds"] = m.Rounds,
            ["measuredSec"] = Math.Round(m.MeasuredSeconds, 3),
            ["transfersPerSec"] = Math.Round(m.TransfersPerSecond, 1),
            ["opsPerSec"] = Math.Round(m.OperationsPerSecond, 1),
            ["p50Ms"] = transfer.P50Ms,
            ["p99Ms"] = transfer.P99Ms,
            ["p999Ms"] = transfer.P999Ms,
            ["maxMs"] = transfer.MaxMs,
            ["meanMs"] = transfer.MeanMs,
            ["committed"] = m.Count(OperationOutcome.Committed),
            ["committedTransfers"] = m.Count(OperationKind.Transfer, OperationOutcome.Committed),
            ["rejected"] = m.Count(OperationOutcome.Rejected),
            ["unavailable"] = m.Count(OperationOutcome.Unavailable),
            ["aborted"] = m.Count(OperationOutcome.Aborted),
            ["unknown"] = m.Count(OperationOutcome.Unknown),
            ["cpuCores"] = m.CpuCores is { } cores ? Math.Round(cores, 2) : null,
            ["cpuMsPerOp"] = m.CpuMsPerCommitted is { } ms ? Math.Round(ms, 3) : null,
            ["cpuMsPerOpByThread"] = ByThread(m.CpuMsPerCommittedByThreadKind()),
            ["conserved"] = system.Conservation?.Conserved,
            ["expectedTotal"] = system.Conservation is { } c ? new Contracts.Money(c.ExpectedCents).ToString() : null,
            ["actualTotal"] = system.Conservation?.ActualCents is { } actual ? new Contracts.Money(actual).ToString() : null,
            ["silos"] = new JsonArray([.. system.Memory.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["pid"] = s.Pid,
                ["peakRssMb"] = s.PeakRssMegabytes,
                ["rssGrowthBytesPerAccount"] = s.GrowthBytesPerAccount,
                ["rssKeptBytesPerAccount"] = s.KeptBytesPerAccount,
                ["cpuMsPerOp"] = m.CpuMsPerCommittedOf(s.Pid) is { } ms ? Math.Round(ms, 3) : null,
                ["cpuMsPerOpByThread"] = ByThread(m.CpuMsPerCommittedByThreadKind(s.Pid)),
            })]),
        };
        var perKind = new JsonObject();
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            var latency = m.Latency(kind);
            if (Enum.GetValues<OperationOutcome>().Any(outcome => m.Count(kind, outcome) > 0))
            {
                perKind[kind.ToString().ToLowerInvariant()] = new JsonObject
                {
                    ["committed"] = m.Count(kind, OperationOutcome.Committed),
                    ["perSec"] = m.MeasuredSeconds > 0 ? Math.Round(m.Count(kind, OperationOutcome.Committed) / m.MeasuredSeconds, 1) : 0,
                    ["p50Ms"] = latency.P50Ms,
                    ["p99Ms"] = latency.P99Ms,
                    ["p999Ms"] = latency.P999Ms,
                    ["maxMs"] = latency.MaxMs,
                    ["rejected"] = m.Count(kind, OperationOutcome.Rejected),
                    ["unavailable"] = m.Count(kind, OperationOutcome.Unavailable),
                    ["aborted"] = m.Count(kind, OperationOutcome.Aborted),
                    ["unknown"] = m.Count(kind, OperationOutcome.Unknown),
                };
            }
        }

        json["operations"] = perKind;
        var errors = new JsonObject();
        foreach (var (outcome, message) in m.SampleErrors)
        {
            errors[outcome.ToString().ToLowerInvariant()] = message;
        }

        json["sampleErrors"] = errors;
        return json;
    }

    // Null when the threads were not read, so that a missing split is not mistaken for zeros.
    private static JsonObject? ByThread(IReadOnlyDictionary<string, double> split) =>
        split.Count == 0
            ? null
            : new JsonObject([.. SiloThreadKind.All.Select(kind => KeyValuePair.Create(kind, (JsonNode?)Math.Round(split.GetValueOrDefault(kind), 3)))]);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
