using BankOrleans.Chaos.Cluster;
using BankOrleans.Chaos.History;
using BankOrleans.Chaos.Workload;

namespace BankOrleans.Chaos.Faults;

/// <summary>
/// The faults a scenario is made of, each a complete inject-hold-heal step, with every random
/// choice drawn from the run's seeded <see cref="Random"/>. <see cref="HealAsync"/> undoes whatever
/// may still hold (paused, cut off, stopped silos).
/// </summary>
internal sealed class FaultActions(ChaosCluster cluster, LoopbackPartition partition, WorkloadRunner workload, RunHistory history, Random random, ChaosLog log)
{
    private readonly HashSet<string> _paused = [];

    public Random Random => random;

    /// <summary>kill -9 a random master, restart it after 2–5 s.</summary>
    public Task KillMasterAsync() => KillAndRestartAsync(Pick(SiloNames.Masters));

    /// <summary>kill -9 the reader, restart it after 2–5 s.</summary>
    public Task KillReaderAsync() => KillAndRestartAsync(SiloNames.Reader);

    /// <summary>kill -9 two masters, keep them down 6–9 s (no write may be acknowledged meanwhile), restart both.</summary>
    public async Task TwoMastersDownAsync()
    {
        var up = SiloNames.Masters.OrderBy(_ => random.Next()).Take(2).ToArray();
        await cluster.KillAsync(up[0]).ConfigureAwait(false);
        await cluster.KillAsync(up[1]).ConfigureAwait(false);
        var from = log.Now;
        await Task.Delay(TimeSpan.FromSeconds(6 + random.Next(4))).ConfigureAwait(false);
        history.AddQuorumLost(new FaultWindow($"{up[0]}+{up[1]} down", from, log.Now));
        await cluster.StartAsync(up[0]).ConfigureAwait(false);
        await cluster.StartAsync(up[1]).ConfigureAwait(false);
    }

    /// <summary>
    /// SIGSTOP the silo whose coordinator last acknowledged a write of a random account (ServedBy),
    /// for 7–9 s (longer than the 5 s lease), then SIGCONT; a silo that was declared dead meanwhile
    /// shuts itself down and is restarted.
    /// </summary>
    public async Task PauseHolderAsync()
    {
        var holders = workload.ServedBy.ToArray();
        var silo = holders.Length > 0 ? holders[random.Next(holders.Length)].Value : Pick(SiloNames.Masters);
        if (!SiloNames.Masters.Contains(silo))
        {
            silo = Pick(SiloNames.Masters);
        }

        if (!await cluster.SignalAsync(silo, "STOP").ConfigureAwait(false))
        {
            return;
        }

        _paused.Add(silo);
        await Task.Delay(TimeSpan.FromSeconds(7 + random.Next(3))).ConfigureAwait(false);
        await cluster.SignalAsync(silo, "CONT").ConfigureAwait(false);
        _paused.Remove(silo);
        await RestartIfGoneAsync(silo, TimeSpan.FromSeconds(6)).ConfigureAwait(false);
    }

    /// <summary>Cuts a random master off from the other silos for 8–12 s while it keeps running; restarts it if it shut down.</summary>
    public async Task PartitionMasterAsync()
    {
        var silo = Pick(SiloNames.Masters);
        await partition.HoldAsync(silo, TimeSpan.FromSeconds(8 + random.Next(5))).ConfigureAwait(false);
        await RestartIfGoneAsync(silo, TimeSpan.FromSeconds(6)).ConfigureAwait(false);
    }

    /// <summary>Resumes paused silos, removes the partition, starts every silo that is not running.</summary>
    public async Task HealAsync()
    {
        foreach (var silo in _paused.ToArray())
        {
            await cluster.SignalAsync(silo, "CONT").ConfigureAwait(false);
        }

        _paused.Clear();
        await partition.HealAsync().ConfigureAwait(false);
        foreach (var silo in SiloNames.All)
        {
            await RestartIfGoneAsync(silo, TimeSpan.Zero).ConfigureAwait(false);
        }
    }

    private async Task KillAndRestartAsync(string silo)
    {
        await cluster.KillAsync(silo).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromMilliseconds(2000 + random.Next(3001))).ConfigureAwait(false);
        await cluster.StartAsync(silo).ConfigureAwait(false);
    }

    private async Task RestartIfGoneAsync(string silo, TimeSpan grace)
    {
        var until = log.Now + grace;
        while (log.Now < until && cluster.IsRunning(silo))
        {
            await Task.Delay(250).ConfigureAwait(false);
        }

        if (!cluster.IsRunning(silo))
        {
            log.Line($"{silo} is not running: restarting it");
            var started = await cluster.StartAsync(silo).ConfigureAwait(false);
            if (!started.Ok)
            {
                // Its ports may still be closing; one more try.
                await Task.Delay(2000).ConfigureAwait(false);
                await cluster.StartAsync(silo).ConfigureAwait(false);
            }
        }
    }

    private string Pick(IReadOnlyList<string> silos) => silos[random.Next(silos.Count)];
}
