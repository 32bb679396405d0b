using System.Text.Json;
using BankOrleans.Chaos.Cluster;
using BankOrleans.Chaos.History;
using BankOrleans.Chaos.Workload;
using BankOrleans.Topology;

namespace BankOrleans.Chaos.Faults;

/// <summary>
/// The faults a scenario is made of, each a complete inject-hold-heal step, with every random
/// choice drawn from the run's seeded <see cref="Random"/>. <see cref="HealAsync"/> undoes whatever
/// may still hold (paused, cut off, stopped silos, a disk fault not yet recovered from).
/// </summary>
internal sealed class FaultActions(ChaosCluster cluster, LoopbackPartition partition, WorkloadRunner workload, RunHistory history, Random random, ChaosLog log)
{
    /// <summary>How long a master whose disk was lost gets to recover from the other two before the run gives up waiting.</summary>
    private static readonly TimeSpan DiskRecoveryLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The tables a corrupted page is taken from: the data every account's state rests on, and the
    /// log, which holds every write since the last checkpoint (most of them, early in a run).
    /// </summary>
    private static readonly string[] ReplicaTables = ["ledger", "accounts", "replica_log"];

    private readonly HashSet<string> _paused = [];

    // The fault model is one lost disk (ARCHITECTURE §5b): the next disk fault waits for this one's recovery.
    private DiskVictim? _unrecovered;

    public Random Random => random;

    /// <summary>kill -9 a random master, restart it after 2–5 s.</summary>
    public Task KillMasterAsync() => KillAndRestartAsync(Pick(BankTopology.Local.MasterNames));

    /// <summary>kill -9 the reader, restart it after 2–5 s.</summary>
    public Task KillReaderAsync() => KillAndRestartAsync(BankTopology.Local.Reader.Name);

    /// <summary>kill -9 two masters, keep them down 6–9 s (no write may be acknowledged meanwhile), restart both.</summary>
    public async Task TwoMastersDownAsync()
    {
        var up = BankTopology.Local.MasterNames.OrderBy(_ => random.Next()).Take(2).ToArray();
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
        var silo = holders.Length > 0 ? holders[random.Next(holders.Length)].Value : Pick(BankTopology.Local.MasterNames);
        if (!BankTopology.Local.MasterNames.Contains(silo))
        {
            silo = Pick(BankTopology.Local.MasterNames);
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
        var silo = Pick(BankTopology.Local.MasterNames);
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
        foreach (var silo in BankTopology.Local.Names)
        {
            await RestartIfGoneAsync(silo, TimeSpan.Zero).ConfigureAwait(false);
        }

        await DiskRecoveredAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// kill -9 a random master, delete its replica file with <c>-wal</c> and <c>-shm</c> (the stamp
    /// stays, as it would beside a lost data file), restart it; it must recover from both others.
    /// </summary>
    public Task WipeMasterAsync() => DiskFaultAsync("wipe-master", null, silo =>
        "deleted " + string.Join(", ", SqliteFileFaults.Delete(cluster.ReplicaFile(silo))) + "; kept the stamp");

    /// <summary>
    /// Copies a random master's replica file while it runs (SQLite's online backup), lets money move
    /// for 3–6 s, kill -9s it, puts the copy in place of the file (its <c>-wal</c>/<c>-shm</c>
    /// deleted), restarts it: an older copy put back, which must not vote on what it forgot.
    /// </summary>
    public Task RestoreBackupAsync() => DiskFaultAsync(
        "restore-backup",
        async silo =>
        {
            var bytes = SqliteFileFaults.Backup(cluster.ReplicaFile(silo), BackupFile(silo));
            var from = log.Now;
            await Task.Delay(TimeSpan.FromMilliseconds(3000 + random.Next(3001))).ConfigureAwait(false);
            return $"backup of {bytes} bytes taken {(log.Now - from).TotalSeconds:0.0}s before the kill";
        },
        silo =>
        {
            SqliteFileFaults.Restore(BackupFile(silo), cluster.ReplicaFile(silo));
            return "the backup put in place of the file; -wal and -shm deleted";
        });

    /// <summary>
    /// kill -9 a random master, delete its council state file (its Orleans grain storage, with
    /// <c>-wal</c>/<c>-shm</c>), restart it: the member must take an epoch above every one it used.
    /// </summary>
    public Task LoseCouncilStateAsync() => DiskFaultAsync("lose-council-state", null, silo =>
        "deleted " + string.Join(", ", SqliteFileFaults.Delete(cluster.CouncilStateFile(silo))), councilLost: true);

    /// <summary>
    /// kill -9 a random master, checkpoint its stopped replica file and XOR 8 bytes inside a random
    /// B-tree page of its ledger or accounts (tables or indexes), restart it: the file must fail its
    /// check at start, be moved aside and the replica recover from both others.
    /// </summary>
    public Task CorruptReplicaAsync() => DiskFaultAsync("corrupt-replica", null, silo =>
        SqliteFileFaults.CorruptPage(cluster.ReplicaFile(silo), ReplicaTables, random));

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

    /// <summary>
    /// One disk fault on a random master: <paramref name="beforeKill"/> while it runs (if any), kill -9,
    /// <paramref name="whileStopped"/> on its files, restart, and wait until it has recovered. Skipped
    /// while the previous victim has not recovered (a second lost disk is outside the fault model).
    /// </summary>
    private async Task DiskFaultAsync(string fault, Func<string, Task<string>>? beforeKill, Func<string, string> whileStopped, bool councilLost = false)
    {
        if (!await DiskRecoveredAsync().ConfigureAwait(false))
        {
            log.Line($"{fault}: skipped, {_unrecovered!.Silo} has not recovered from the last disk fault");
            return;
        }

        var silo = Pick(BankTopology.Local.MasterNames);
        if (beforeKill is not null)
        {
            log.Line($"{fault}: {silo}: {await beforeKill(silo).ConfigureAwait(false)}");
        }

        await cluster.KillAsync(silo).ConfigureAwait(false);
        if (cluster.IsRunning(silo))
        {
            log.Line($"{fault}: {silo} is still running after the kill; its files are left alone");
            return;
        }

        try
        {
            log.Line($"{fault}: {silo}: {whileStopped(silo)}");
        }
        finally
        {
            // From here on its log tells whether this start recovered.
            _unrecovered = new DiskVictim(silo, cluster.LogLength(silo), log.Now, councilLost);
            await RestartIfGoneAsync(silo, TimeSpan.Zero).ConfigureAwait(false);
        }

        await DiskRecoveredAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits (at most <see cref="DiskRecoveryLimit"/>) until the last disk fault's victim says in its
    /// log, since its restart, that its replica is normal and caught up (and, after a lost council
    /// file, that its member took an epoch from the others' records); restarts it if it is gone.
    /// </summary>
    private async Task<bool> DiskRecoveredAsync()
    {
        if (_unrecovered is not { } victim)
        {
            return true;
        }

        // From the restart, however often this is asked: healing does not extend a step's wait.
        var until = victim.Restarted + DiskRecoveryLimit;
        var caughtUp = $"Replica of {victim.Silo} is normal and caught up";
        var council = $"Council member {BankTopology.Local.Get(victim.Silo).Index} has no state file";
        var standingLogged = false;
        while (true)
        {
            var since = cluster.LogSince(victim.Silo, victim.LogOffset);
            if (!standingLogged && LineOf(since, $"Replica of {victim.Silo} opened file") is { } standing)
            {
                log.Line($"{victim.Silo}: {standing}");
                standingLogged = true;
            }

            if (since.Contains(caughtUp, StringComparison.Ordinal) && (!victim.CouncilLost || since.Contains(council, StringComparison.Ordinal)))
            {
                log.Line($"{victim.Silo} recovered {(log.Now - victim.Restarted).TotalSeconds:0.0}s after its restart: "
                    + (LineOf(since, caughtUp) ?? caughtUp) + (victim.CouncilLost ? "; " + LineOf(since, council) : ""));
                _unrecovered = null;
                return true;
            }

            if (log.Now >= until)
            {
                log.Line($"{victim.Silo} has not recovered {(log.Now - victim.Restarted).TotalSeconds:0}s after its restart");
                return false;
            }

            await RestartIfGoneAsync(victim.Silo, TimeSpan.Zero).ConfigureAwait(false);
            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    // The first log line holding part; of a JSON log line (the silos' console format), its message.
    private static string? LineOf(string text, string part)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.Contains(part, StringComparison.Ordinal))?.Trim();
        if (line is null || !line.StartsWith('{'))
        {
            return line;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("Message", out var message) ? message.GetString() : line;
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private string BackupFile(string silo) => cluster.ReplicaFile(silo) + ".chaos-backup";

    private string Pick(IReadOnlyList<string> silos) => silos[random.Next(silos.Count)];

    /// <summary>A master whose disk fault it has not yet been seen to recover from.</summary>
    /// <param name="Silo">The master.</param>
    /// <param name="LogOffset">Where its log stood before the restart.</param>
    /// <param name="Restarted">When it was restarted (run time).</param>
    /// <param name="CouncilLost">Whether its council state file was lost (its member must re-establish its epoch).</param>
    private sealed record DiskVictim(string Silo, long LogOffset, TimeSpan Restarted, bool CouncilLost);
}
