using BankOrleans.Contracts.Replication;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// The start rule on real files (ARCHITECTURE §5b): a replica file votes at once only when it
/// proves it is the file that acknowledged, and nothing older.
/// </summary>
public sealed class ReplicaIdentityTests
{
    [Fact]
    public void A_new_file_on_a_new_disk_is_unformed_and_takes_an_identity_of_its_own()
    {
        using var file = new TempReplicaFile();
        using var first = new TempReplicaFile();
        using var a = file.Open();
        using var b = first.Open();

        Assert.Equal(StandingKind.Unformed, a.Identity.Standing);
        Assert.NotEqual(a.Identity.FileId, b.Identity.FileId);
    }

    [Fact]
    public void A_normal_file_reopened_as_it_was_is_normal()
    {
        using var file = new TempReplicaFile();
        string id;
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            id = store.Identity.FileId;
        }

        using var reopened = file.Open();
        Assert.Equal((StandingKind.Normal, id), (reopened.Identity.Standing, reopened.Identity.FileId));
    }

    [Fact]
    public void A_deleted_file_comes_back_recovering_under_a_new_identity()
    {
        using var file = new TempReplicaFile();
        string id;
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            id = store.Identity.FileId;
        }

        DeleteReplicaFile(file.Path);

        using var wiped = file.Open();
        Assert.Equal(StandingKind.Recovering, wiped.Identity.Standing);
        Assert.NotEqual(id, wiped.Identity.FileId);
        Assert.Contains("lost its file", wiped.StartReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_earlier_copy_of_the_file_put_back_is_recovering()
    {
        using var file = new TempReplicaFile();
        using var backup = new TempReplicaFile();
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(backup.Path)!);
        File.Copy(file.Path, backup.Path);
        using (var store = file.Open())
        {
            store.Apply(Ops.Deposit("t2", "A-01", 500));
        }

        DeleteReplicaFile(file.Path);
        File.Copy(backup.Path, file.Path);

        using var restored = file.Open();
        Assert.Equal(StandingKind.Recovering, restored.Identity.Standing);
        Assert.Contains("rolled back", restored.StartReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recovering_file_stays_recovering_across_restarts_until_it_is_made_normal()
    {
        using var file = new TempReplicaFile();
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
        }

        DeleteReplicaFile(file.Path);
        using (var wiped = file.Open())
        {
            Assert.Equal(StandingKind.Recovering, wiped.Identity.Standing);
        }

        using (var again = file.Open())
        {
            Assert.Equal(StandingKind.Recovering, again.Identity.Standing);
            again.CompleteRecovery([]);
        }

        using var recovered = file.Open();
        Assert.Equal(StandingKind.Normal, recovered.Identity.Standing);
    }

    [Fact]
    public void Completing_a_recovery_raises_each_promise_to_the_peers_even_on_objects_it_never_saw()
    {
        using var file = new TempReplicaFile();
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
        }

        DeleteReplicaFile(file.Path);
        using var recovering = file.Open();
        recovering.CompleteRecovery([new AccountPromise("A-09", new Ballot(7, 3, 2)), new AccountPromise("A-10", new Ballot(2, 1, 1))]);

        var below = recovering.Prepare(new PrepareRequest(new Ballot(7, 3, 1), ["A-09"]));
        var above = recovering.Prepare(new PrepareRequest(new Ballot(7, 4, 1), ["A-09"]));

        Assert.Equal(StandingKind.Normal, recovering.Identity.Standing);
        Assert.False(below.Promised);
        Assert.Equal(new Ballot(7, 3, 2), below.HighestPromised);
        Assert.True(above.Promised);
        Assert.Equal(
            [new AccountPromise("A-09", new Ballot(7, 4, 1)), new AccountPromise("A-10", new Ballot(2, 1, 1))],
            recovering.Promises("", 10));
    }

    [Fact]
    public void A_file_with_a_flipped_byte_in_a_ledger_page_is_set_aside_and_the_replica_recovers()
    {
        using var file = new TempReplicaFile();
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            store.Apply(Ops.Deposit("t2", "A-01", 12_345));
        }

        // A ledger row's stored hash is hex text: change one digit of it in place.
        var bytes = File.ReadAllBytes(file.Path);
        var head = System.Text.Encoding.ASCII.GetBytes(HeadOf(file));
        var at = bytes.AsSpan().IndexOf(head);
        Assert.True(at >= 0, "the head hash is stored in the file");
        bytes[at] = (byte)(bytes[at] == (byte)'0' ? '1' : '0');
        File.WriteAllBytes(file.Path, bytes);

        using var reopened = file.Open();
        Assert.Equal(StandingKind.Recovering, reopened.Identity.Standing);
        Assert.Null(reopened.GetAccount("A-01"));
        Assert.Contains("failed its check", reopened.StartReason, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file.Path)!, "replica.db.damaged-*"));
    }

    [Fact]
    public void A_missing_stamp_leaves_a_normal_file_unable_to_prove_itself()
    {
        using var file = new TempReplicaFile();
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
        }

        File.Delete(file.Path + ".stamp");

        using var reopened = file.Open();
        Assert.Equal(StandingKind.Recovering, reopened.Identity.Standing);
    }

    [Fact]
    public void A_file_opened_without_a_stamp_is_normal_whatever_standing_it_had()
    {
        // The reader's file, written by a build that stamped it, then put back from an old copy:
        // the start rule would find it recovering, but the reader votes on nothing and catches
        // up from the masters, so its file is always normal.
        using var file = new TempReplicaFile();
        using (var store = Founded(file))
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            store.BecomeRecovering();
        }

        using var reopened = SqliteReplicaStore.Open(file.Path, stamped: false);
        Assert.Equal(StandingKind.Normal, reopened.Identity.Standing);
        Assert.Contains("reader", reopened.StartReason, StringComparison.Ordinal);
    }

    private static SqliteReplicaStore Founded(TempReplicaFile file)
    {
        var store = file.Open();
        store.Found();
        return store;
    }

    private static string HeadOf(TempReplicaFile file)
    {
        using var store = file.Open();
        return store.ReadEntries("A-01", 0, 10)[0].Hash;
    }

    private static void DeleteReplicaFile(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
