using System.Text.Json;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// The replica appends each group commit to its log and checkpoints the log to its tables later.
/// A power cut at any point of either must leave a file that reopens to exactly the state the
/// replica had acknowledged (or, cut after a commit and before its answer, that state plus the
/// commit): nothing acknowledged lost, nothing half-applied.
/// </summary>
public sealed class ReplicaLogCrashTests
{
    public static TheoryData<string> Points =>
        ["commit:before", "commit:after", "checkpoint:tables-written", "checkpoint:before", "checkpoint:after"];

    [Theory]
    [MemberData(nameof(Points))]
    public void A_file_cut_at_any_point_of_a_commit_or_a_checkpoint_reopens_to_the_acknowledged_state(string point)
    {
        using var file = new TempReplicaFile();
        var cuts = new List<(string Copy, string Expected)>();
        var model = new MemoryReplicaState();
        var workload = new ReplicaWorkload(seed: 11);
        var acknowledged = Dump(model);
        var applied = acknowledged;
        using (var store = file.Open())
        {
            store.CheckpointAfter = 5;
            store.CrashPoint = name =>
            {
                if (name == point)
                {
                    // A commit that reached the disk may be there after the cut, though it was never answered.
                    cuts.Add((CopyFiles(file.Path, cuts.Count), name == "commit:after" ? applied : acknowledged));
                }
            };
            for (var step = 0; step < 120; step++)
            {
                var request = workload.Next(model);
                DifferentialTests.Run(() => DifferentialTests.OnModel(model, request));
                applied = Dump(model);
                DifferentialTests.Run(() => DifferentialTests.OnStore(store, request));
                acknowledged = applied;
            }
        }

        Assert.True(cuts.Count >= 5, $"the workload reached {point} only {cuts.Count} times");
        foreach (var (copy, expected) in cuts)
        {
            using var reopened = SqliteReplicaStore.Open(copy, stamped: false);
            Assert.Equal(expected, Dump(reopened));
        }
    }

    [Fact]
    public void A_log_row_that_does_not_decode_makes_the_file_count_as_damaged()
    {
        using var file = new TempReplicaFile();
        using (var store = file.Open())
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
        }

        using (var shell = file.Connect())
        using (var insert = shell.CreateCommand())
        {
            insert.CommandText = "INSERT INTO replica_log (lsn, body) VALUES (999, x'01ffffff');";
            insert.ExecuteNonQuery();
        }

        using var reopened = file.Open();
        Assert.Contains("replica_log", reopened.StartReason, StringComparison.Ordinal);
        Assert.Null(reopened.GetAccount("A-01"));
    }

    private static string CopyFiles(string path, int index)
    {
        var copy = Path.Combine(Path.GetDirectoryName(path)!, $"cut-{index}", "replica.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(path, copy);
        if (File.Exists(path + "-wal"))
        {
            File.Copy(path + "-wal", copy + "-wal");
        }

        return copy;
    }

    private static string Dump(MemoryReplicaState model) => JsonSerializer.Serialize(
        model.Accounts.OrderBy(a => a.Account, StringComparer.Ordinal).Select(a => new { a, Ledger = model.Ledger(a.Account) }));

    private static string Dump(SqliteReplicaStore store) => JsonSerializer.Serialize(
        store.ListAccounts().Select(a => new { a, Ledger = store.ReadEntries(a.Account, 0, int.MaxValue) }));
}
