namespace BankOrleans.Chaos.Faults;

/// <summary>The scenarios of the fault campaign (docs/reliability.md).</summary>
public static class ScenarioCatalog
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    // A disk fault's step includes its master's recovery; the rest of the period is money moving on a healthy cluster.
    private static readonly TimeSpan Disk = TimeSpan.FromSeconds(18);

    internal static readonly IReadOnlyList<FaultScenario> All =
    [
        new("kill-master", "kill -9 a random master every 10 s, restart it after 2-5 s", Ten, 0, false, f => f.KillMasterAsync()),
        new("two-masters-down", "kill -9 two masters for 6-9 s (no write may be acknowledged), restart both; every 16 s", TimeSpan.FromSeconds(16), 0, false, f => f.TwoMastersDownAsync()),
        new("kill-reader", "kill -9 the reader every 10 s, restart it after 2-5 s", Ten, 0, false, f => f.KillReaderAsync()),
        new("pause-holder", "SIGSTOP the silo of an account's coordinator for 7-9 s (lease: 5 s), SIGCONT; every 14 s", TimeSpan.FromSeconds(14), 0, false, f => f.PauseHolderAsync()),
        new("partition-master", "iptables-cut a random master from the other silos for 8-12 s while it runs; every 15 s", TimeSpan.FromSeconds(15), 0, true, f => f.PartitionMasterAsync()),
        new("retry-storm", "every transfer sent 3 times concurrently with one request id; a master killed every 12 s", TimeSpan.FromSeconds(12), 1, false, f => f.KillMasterAsync()),
        new("mixed", "every 12 s one of the faults above at random; 30% of transfers sent 3 times", TimeSpan.FromSeconds(12), 0.3, true, MixedAsync),
        // Disk faults (ARCHITECTURE §5b): each step waits until its master has recovered, so at most one disk is ever lost.
        new("wipe-master", "kill -9 a random master, delete its replica file (db, -wal, -shm; the stamp stays), restart it, wait for its recovery; every 18 s", Disk, 0, false, f => f.WipeMasterAsync()),
        new("restore-backup", "copy a random master's replica file while it runs, 3-6 s later kill -9 it, put the copy back, restart it, wait for its recovery; every 18 s", Disk, 0, false, f => f.RestoreBackupAsync()),
        new("lose-council-state", "kill -9 a random master, delete its council state file (grain storage), restart it, wait for its recovery; every 18 s", Disk, 0, false, f => f.LoseCouncilStateAsync()),
        new("corrupt-replica", "kill -9 a random master, checkpoint its replica file and flip up to 8 bytes of a live cell of a B-tree page, restart it, wait for its recovery; every 18 s", Disk, 0, false, f => f.CorruptReplicaAsync()),
    ];

    /// <summary>The scenario names, in campaign order.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(s => s.Name)];

    internal static FaultScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    private static Task MixedAsync(FaultActions faults) => faults.Random.Next(5) switch
    {
        0 => faults.KillMasterAsync(),
        1 => faults.TwoMastersDownAsync(),
        2 => faults.KillReaderAsync(),
        3 => faults.PauseHolderAsync(),
        _ => faults.PartitionMasterAsync(),
    };
}
