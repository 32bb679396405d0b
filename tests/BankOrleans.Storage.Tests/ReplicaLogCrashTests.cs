using System.Text.Json;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;
using BankOrleans.Storage.Log;

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
        using var file = TempReplicaFile.WithOneAccount();
        InsertLogRow(file, [1, 0xff, 0xff, 0xff]);

        using var reopened = file.Open();
        Assert.Contains("replica_log", reopened.StartReason, StringComparison.Ordinal);
        Assert.Null(reopened.GetAccount("A-01"));
    }

    [Fact]
    public void A_log_row_whose_promise_was_lowered_on_disk_makes_the_file_count_as_damaged()
    {
        using var file = TempReplicaFile.WithOneAccount();
        // A log row a crash left, with one byte of its promise's counter changed on disk: it still
        // decodes, and no ledger hash covers a ballot.
        var promised = new Ballot(5, 0x0102030405060708, 2);
        var body = ChangeCodec.Encode([new ReplicaChange.Put(AccountState.Empty("B-01") with { PromisedBallot = promised })]);
        var at = body.AsSpan().IndexOf(BitConverter.GetBytes(promised.Counter));
        Assert.True(at > 0);
        body[at] = 0;
        InsertLogRow(file, body);

        using var reopened = file.Open();
        Assert.Contains("replica_log", reopened.StartReason, StringComparison.Ordinal);
        Assert.Null(reopened.GetAccount("B-01"));
    }

    [Fact]
    public void A_log_row_written_before_checksums_still_replays()
    {
        using var file = TempReplicaFile.WithOneAccount();
        // Format 1: the same changes, without the checksum a crash of the previous build left.
        var state = AccountState.Empty("B-01") with { PromisedBallot = new Ballot(5, 9, 2) };
        var body = ChangeCodec.Encode([new ReplicaChange.Put(state)])[..^sizeof(ulong)];
        body[0] = 1;
        InsertLogRow(file, body);

        using var reopened = file.Open();
        Assert.DoesNotContain("replica_log", reopened.StartReason, StringComparison.Ordinal);
        Assert.Equal(state, reopened.GetAccount("B-01"));
    }

    // A log row as a crash would have left it behind a closed file.
    private static void InsertLogRow(TempReplicaFile file, byte[] body)
    {
        using var shell = file.Connect();
        using var insert = shell.CreateCommand();
        insert.CommandText = "INSERT INTO replica_log (lsn, body) VALUES (999, $body);";
        insert.Parameters.AddWithValue("$body", body);
        insert.ExecuteNonQuery();
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
