using System.Globalization;
using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Workload;
using Spectre.Console;

namespace BankOrleans.Bench.Reporting;

/// <summary>The human report on standard output: one table row per system, then the checks.</summary>
public static class ConsoleReport
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        console.MarkupLine(
            $"[bold]BankOrleans benchmark[/] {report.StartedAt:yyyy-MM-dd HH:mm}Z — {o.Accounts} accounts, concurrency {o.Concurrency}, "
            + $"{o.Duration.TotalSeconds:0}s measured per round after {o.Warmup.TotalSeconds:0}s warm-up, mix {Markup.Escape(o.Mix.ToString())}, seed {o.Seed}, "
            + $"{Environment.ProcessorCount} cores");

        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "system", "transfers/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "rejected", "unavail.", "aborted", "unknown", "conserved" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "system" ? Justify.Left : Justify.Right });
        }

        foreach (var system in Systems(report))
        {
            var m = system.Measurement;
            var latency = m.Latency(OperationKind.Transfer);
            table.AddRow(
                Markup.Escape(system.Name),
                m.TransfersPerSecond.ToString("0", CultureInfo.InvariantCulture),
                Ms(latency.P50Ms),
                Ms(latency.P99Ms),
                Ms(latency.P999Ms),
                Ms(latency.MaxMs),
                m.Count(OperationOutcome.Rejected).ToString(CultureInfo.InvariantCulture),
                m.Count(OperationOutcome.Unavailable).ToString(CultureInfo.InvariantCulture),
                m.Count(OperationOutcome.Aborted).ToString(CultureInfo.InvariantCulture),
                m.Count(OperationOutcome.Unknown).ToString(CultureInfo.InvariantCulture),
                system.Conservation is null ? "-" : system.Conservation.Conserved ? "[green]yes[/]" : "[red]NO[/]");
        }

        console.Write(table);
        foreach (var system in Systems(report))
        {
            console.MarkupLine($"[bold]{Markup.Escape(system.Name)}[/]: {Markup.Escape(system.Description)}");
            if (ReferenceEquals(system, report.Bank))
            {
                console.MarkupLine($"  measured calls through the gateway: {Markup.Escape(report.BankGateway ?? "any")}");
                if (report.BankFunding is { } funding)
                {
                    console.MarkupLine(
                        $"  funded {funding.Accounts.ToString(CultureInfo.InvariantCulture)} accounts in {funding.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
                        + (funding.CpuMsPerAccount is { } cpu ? $", {cpu.ToString("0.000", CultureInfo.InvariantCulture)} ms of silo CPU per account" : ""));
                }
            }

            if (o.Mix.Entries.Count > 1)
            {
                foreach (var (kind, _) in o.Mix.Entries)
                {
                    var latency = system.Measurement.Latency(kind);
                    var perSecond = system.Measurement.MeasuredSeconds > 0 ? latency.Count / system.Measurement.MeasuredSeconds : 0;
                    var failed = Enum.GetValues<OperationOutcome>().Where(o => o != OperationOutcome.Committed).Sum(o => system.Measurement.Count(kind, o));
                    console.MarkupLine(
                        $"  {kind.ToString().ToLowerInvariant()}: {perSecond:0}/s committed, p50 {latency.P50Ms:0.0} ms, p99 {latency.P99Ms:0.0} ms, "
                        + $"max {latency.MaxMs:0.0} ms; {failed} not committed");
                }
            }

            if (system.Conservation is { } conservation)
            {
                console.MarkupLine($"  money: {Markup.Escape(conservation.Describe())}");
            }

            if (system.Measurement.CpuCores is { } cores && system.Measurement.CpuMsPerCommitted is { } perOp)
            {
                var whose = system.Memory.Count > 0 ? "its processes" : "the bench process";
                console.MarkupLine(
                    $"  cpu: {cores.ToString("0.00", CultureInfo.InvariantCulture)} of {Environment.ProcessorCount} cores busy in {whose} while measured; "
                    + $"{perOp.ToString("0.000", CultureInfo.InvariantCulture)} ms per committed operation");
                foreach (var silo in system.Memory)
                {
                    if (system.Measurement.CpuMsPerCommittedOf(silo.Pid) is { } siloPerOp)
                    {
                        console.MarkupLine($"    {Markup.Escape(silo.Name)}: {siloPerOp.ToString("0.000", CultureInfo.InvariantCulture)} ms"
                            + Markup.Escape(ByThread(system.Measurement.CpuMsPerCommittedByThreadKind(silo.Pid))));
                    }
                }
            }

            if (system.Memory.Count > 0)
            {
                console.MarkupLine("  peak RSS: " + string.Join(", ", system.Memory.Select(s =>
                    $"{Markup.Escape(s.Name)} (pid {s.Pid}) {(s.PeakRssMegabytes is { } mb ? mb.ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : "?")}"
                    + (s.GrowthBytesPerAccount is { } perAccount ? $" (+{perAccount.ToString(CultureInfo.InvariantCulture)} B/account)" : "")
                    + (s.KeptBytesPerAccount is { } kept ? $" (+{kept.ToString(CultureInfo.InvariantCulture)} B/account after funding)" : ""))));
            }

            foreach (var (outcome, message) in system.Measurement.SampleErrors)
            {
                console.MarkupLine($"  e.g. {outcome.ToString().ToLowerInvariant()}: {Markup.Escape(message)}");
            }

            if (system.Verify is { } verify)
            {
                var colour = verify.Green ? "green" : verify.State == "red" ? "red" : "yellow";
                console.MarkupLine($"  verify: [{colour}]{Markup.Escape(verify.State)}[/] — {Markup.Escape(verify.Detail)}");
            }
        }

        if (report.Ratio is { } ratio && report.Baseline is { } baseline)
        {
            var ours = report.Bank.Measurement.Latency(OperationKind.Transfer);
            var peer = baseline.Measurement.Latency(OperationKind.Transfer);
            console.MarkupLine(
                $"[bold]ratio[/] bank / durable Orleans Transactions: throughput {ratio:0.00}×, "
                + $"latency p50 {Ratio(ours.P50Ms, peer.P50Ms)}, p99 {Ratio(ours.P99Ms, peer.P99Ms)}, p99.9 {Ratio(ours.P999Ms, peer.P999Ms)} (ours / peer; lower latency ratio is better)");
        }

        if (report.RatioInMemory is { } memoryRatio)
        {
            console.MarkupLine($"[bold]ratio[/] bank / in-memory Orleans Transactions: throughput {memoryRatio:0.00}×");
        }

        if (report.CeilingPerTransfer is { } allowance && report.CeilingShare is { } share)
        {
            console.MarkupLine(
                $"[bold]disk[/] fastest SQLite ceiling ÷ {BenchReport.FilesPerTransfer} (the files one transfer writes): {allowance:0}/s; "
                + $"the bank reaches {share:P0} of it");
        }

        console.MarkupLine(report.AllGood
            ? "[green]checks passed[/]: money conserved in every system measured"
            : "[red]CHECKS FAILED[/]: see above");
        console.MarkupLine("[grey]Figures from a shared 2-core machine are indicative only.[/]");
    }

    private static IEnumerable<SystemReport> Systems(BenchReport report) =>
        new[] { report.Bank, report.Baseline, report.BaselineInMemory }.OfType<SystemReport>().Concat(report.Ceilings);

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(double ours, double peer) =>
        peer > 0 ? (ours / peer).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";

    // " (replica writer 0.081, …)" for the kinds that used anything; empty when the threads were not read.
    private static string ByThread(IReadOnlyDictionary<string, double> split)
    {
        var used = SiloThreadKind.All.Where(kind => split.GetValueOrDefault(kind) >= 0.0005).ToList();
        return used.Count == 0
            ? ""
            : " (" + string.Join(", ", used.Select(kind => $"{SiloThreadKind.Label(kind)} {split[kind].ToString("0.000", CultureInfo.InvariantCulture)}")) + ")";
    }
}
