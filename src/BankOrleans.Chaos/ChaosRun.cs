using BankOrleans.Chaos.Checks;
using BankOrleans.Chaos.Cluster;
using BankOrleans.Chaos.Faults;
using BankOrleans.Chaos.History;
using BankOrleans.Chaos.Reporting;
using BankOrleans.Connections;
using BankOrleans.Chaos.Workload;
using BankOrleans.Topology;

namespace BankOrleans.Chaos;

/// <summary>
/// One chaos run, start to finish: its own cluster (./bank up in a temp data dir on a free port
/// offset), the funded accounts, the workload with faults on the seeded schedule, healing, the
/// convergence wait, the checks; and always ./bank down (and firewall clean-up) at the end.
/// </summary>
public static class ChaosRun
{
    /// <summary>Runs <paramref name="settings"/> and reports; never throws for a product failure (a check fails instead).</summary>
    public static async Task<ChaosReport> RunAsync(ChaosSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var log = new ChaosLog(settings.Progress);
        var scenario = ScenarioCatalog.Find(settings.Scenario)
            ?? throw new ArgumentException($"unknown scenario '{settings.Scenario}' (known: {string.Join(", ", ScenarioCatalog.Names)})", nameof(settings));
        var checks = new List<CheckResult>();
        var history = new RunHistory();
        log.Line($"scenario {scenario.Name} ({scenario.Description}), seed {settings.Seed}, faults for {settings.Duration.TotalSeconds:0}s");

        if (scenario.NeedsFirewall && !await LoopbackPartition.AvailableAsync().ConfigureAwait(false))
        {
            checks.Add(new CheckResult("firewall_available", false, "iptables is not installed (apt-get install iptables)"));
            return Report(settings, checks, history, log);
        }

        ChaosCluster? cluster = null;
        LoopbackPartition? partition = null;
        try
        {
            cluster = await StartClusterAsync(settings, log).ConfigureAwait(false);
            if (cluster is null)
            {
                checks.Add(new CheckResult("cluster_started", false, "./bank up failed three times (see the log)"));
                return Report(settings, checks, history, log);
            }

            partition = new LoopbackPartition(cluster, log);
            var clusterCa = ClusterCaFile.InDataDirectory(cluster.DataDir);
            // The checks read every replica directly, as a silo would: this client holds the cluster's credential.
            await using var masters = await ChaosClient.ConnectAsync(
                [.. BankTopology.Local.MasterNames.Select(m => PortOffsetPicker.Gateway(m, cluster.PortOffset))], clusterCa, TimeSpan.FromSeconds(10),
                cluster.SiloCredential()).ConfigureAwait(false);
            await using var reader = await ChaosClient.ConnectAsync(
                [PortOffsetPicker.Gateway(BankTopology.Local.Reader.Name, cluster.PortOffset)], clusterCa, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await RunWorkloadAsync(settings, scenario, cluster, partition, masters, reader, history, checks, log).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            log.Line($"run aborted: {exception}");
            checks.Add(new CheckResult("run_completed", false, $"{exception.GetType().Name}: {exception.Message}"));
        }
        finally
        {
            if (partition is not null)
            {
                await partition.HealAsync().ConfigureAwait(false);
            }

            if (cluster is not null)
            {
                foreach (var silo in BankTopology.Local.Names)
                {
                    await cluster.SignalAsync(silo, "CONT").ConfigureAwait(false);
                }

                var down = await cluster.DownAsync().ConfigureAwait(false);
                var ok = checks.Count > 0 && checks.All(c => c.Ok);
                if (down.Ok && ok)
                {
                    TryDelete(cluster.DataDir);
                }
                else
                {
                    log.Line($"kept {cluster.DataDir} (silo logs under logs/) for diagnosis");
                }
            }
        }

        return Report(settings, checks, history, log);
    }

    private static async Task RunWorkloadAsync(
        ChaosSettings settings, FaultScenario scenario, ChaosCluster cluster, LoopbackPartition partition,
        ChaosClient masters, ChaosClient reader, RunHistory history, List<CheckResult> checks, ChaosLog log)
    {
        var bank = BankWorkloadFactory.Create(masters, reader, settings.Seed);
        using (var setupLimit = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            var accounts = await bank.SetupAsync(settings.Accounts, settings.FundingCents, setupLimit.Token).ConfigureAwait(false);
            log.Line($"opened and funded {accounts.Count} accounts with {settings.FundingCents} cents each");
            var fundedTotal = settings.FundingCents * accounts.Count;
            var random = new Random(settings.Seed);
            var workload = new WorkloadRunner(bank, accounts, settings.FundingCents, settings.TransferWorkers, settings.Seed, log, history)
            {
                StormProbability = scenario.StormProbability,
            };
            var faults = new FaultActions(cluster, partition, workload, history, random, log);
            using var stop = new CancellationTokenSource();
            var warmStart = log.Now;
            var running = workload.RunAsync(stop.Token);
            await Task.Delay(settings.WarmUp).ConfigureAwait(false);

            var phaseStart = log.Now;
            log.Line("fault phase starts");
            foreach (var offset in FaultSchedule.StepOffsets(settings.Duration, scenario.Period))
            {
                await DelayUntilAsync(log, phaseStart + offset).ConfigureAwait(false);
                await scenario.Step(faults).ConfigureAwait(false);
            }

            await DelayUntilAsync(log, phaseStart + settings.Duration).ConfigureAwait(false);

            log.Line("healing");
            await faults.HealAsync().ConfigureAwait(false);
            var healed = log.Now;
            log.Line($"healed; recovery traffic for {settings.Recovery.TotalSeconds:0}s");
            await Task.Delay(settings.Recovery).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await running.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            log.Line($"workload stopped: {history.Transfers.Count} transfers, {history.Snapshots.Count} snapshots");

            var convergence = await new ConvergenceProbe(cluster, masters, accounts, log).WaitAsync(settings.ConvergenceLimit).ConfigureAwait(false);
            var ledgers = await FinalLedgers.CollectAsync(masters, accounts).ConfigureAwait(false);
            checks.AddRange(new HistoryChecker(history, ledgers, accounts, fundedTotal).Run());
            checks.Add(new CheckResult("replicas_agree", convergence.Agreed,
                convergence.Agreed ? $"agreed {convergence.After.TotalSeconds:0.0}s after the workload stopped ({convergence.How})" : convergence.How));
            checks.Add(Throughput(history, warmStart, settings.WarmUp, healed, settings.Recovery));
        }
    }

    private static CheckResult Throughput(RunHistory history, TimeSpan warmStart, TimeSpan warmUp, TimeSpan healed, TimeSpan recovery)
    {
        double Rate(TimeSpan from, TimeSpan to) =>
            history.Transfers.Count(t => t.Outcome == TransferOutcome.Acknowledged && t.Completed >= from && t.Completed < to) / (to - from).TotalSeconds;
        var baseline = Rate(warmStart, warmStart + warmUp);
        // The whole recovery window: a lease left by a killed holder stalls its accounts for up to one
        // lease (5 s) after healing, which is recovery, not a failure to recover.
        var after = Rate(healed, healed + recovery);
        var ok = after > 0 && after >= 0.2 * baseline;
        return new CheckResult("throughput_returns", ok, $"{after:0.0} acks/s in the {recovery.TotalSeconds:0}s after healing, baseline {baseline:0.0}/s (needs >= 20%)");
    }

    private static async Task<ChaosCluster?> StartClusterAsync(ChaosSettings settings, ChaosLog log)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var offset = PortOffsetPicker.Pick(Random.Shared);
            var dataDir = Path.Combine(Path.GetTempPath(), $"bank-chaos-{settings.Scenario}-{settings.Seed}-{Guid.NewGuid().ToString("N")[..8]}");
            Directory.CreateDirectory(dataDir);
            // The ./bank chaos wrapper reads this to tear the cluster down even if this process is killed.
            await File.WriteAllTextAsync(Path.Combine(dataDir, "port-offset"), offset.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            var marker = Environment.GetEnvironmentVariable("BANK_CHAOS_DIRS_FILE");
            if (!string.IsNullOrEmpty(marker))
            {
                await File.AppendAllTextAsync(marker, dataDir + "\n").ConfigureAwait(false);
            }

            var cluster = new ChaosCluster(settings.RepoRoot, dataDir, offset, log);
            log.Line($"cluster: data {dataDir}, port offset {offset}");
            if ((await cluster.UpAsync().ConfigureAwait(false)).Ok)
            {
                return cluster;
            }

            await cluster.DownAsync().ConfigureAwait(false);
        }

        return null;
    }

    // Waits until the run's clock reads at least <paramref name="until"/>, re-checking because a
    // timer may fire before its time.
    private static async Task DelayUntilAsync(ChaosLog log, TimeSpan until)
    {
        for (var left = until - log.Now; left > TimeSpan.Zero; left = until - log.Now)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static ChaosReport Report(ChaosSettings settings, List<CheckResult> checks, RunHistory history, ChaosLog log) =>
        new(settings.Scenario, settings.Seed,
            [.. checks.Select(c => new KeyValuePair<string, (bool, string)>(c.Name, (c.Ok, c.Detail)))],
            history.Transfers.Count(t => t.Outcome == TransferOutcome.Acknowledged),
            history.Transfers.Count(t => t.Outcome == TransferOutcome.Failed),
            history.Transfers.Count(t => t.Outcome == TransferOutcome.Unknown),
            log.Lines);
}
