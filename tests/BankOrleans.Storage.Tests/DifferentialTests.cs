using System.Text.Json;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// The SQLite store must be indistinguishable from the in-memory reference replica: same
/// replies (or the same exception type) to the same requests, and the same accounts and
/// ledgers afterwards.
/// </summary>
public sealed class DifferentialTests
{
    private const int Steps = 600;
    private static readonly string[] Accounts = ["A-01", "A-02", "A-03", "A-04", "B-01", "user:alice", "user:bob", "user:carol"];
    private static readonly string[] Owners = ["alice", "bob", "carol", "dave"];

    [Theory]
    [InlineData(1, 8192, SqliteReplicaState.MemoCapacity)]
    [InlineData(7, 8192, SqliteReplicaState.MemoCapacity)]
    [InlineData(42, 8192, SqliteReplicaState.MemoCapacity)]
    [InlineData(2024, 8192, SqliteReplicaState.MemoCapacity)]
    [InlineData(1, 3, SqliteReplicaState.MemoCapacity)]
    [InlineData(42, 3, SqliteReplicaState.MemoCapacity)]
    // Memos that hold fewer accounts than the workload touches: the tables answer the rest.
    [InlineData(7, 8192, 3)]
    [InlineData(2024, 3, 3)]
    public void Store_answers_and_ends_exactly_like_the_in_memory_replica(int seed, int checkpointAfter, int memoLimit)
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.CheckpointAfter = checkpointAfter;
        store.MemoLimit = memoLimit;
        var model = new MemoryReplicaState();
        var workload = new ReplicaWorkload(seed);
        var seen = new HashSet<string>();

        for (var step = 1; step <= Steps; step++)
        {
            var request = workload.Next(model);
            var expected = Run(() => OnModel(model, request));
            var actual = Run(() => OnStore(store, request));
            Assert.True(expected == actual, $"seed {seed} step {step}: {Describe(request)}\nmemory: {expected}\nsqlite: {actual}");
            seen.Add(Classify(request, expected));
            if (request is AcceptRequest { Operation.Kind: OperationKind.RegisterUser or OperationKind.Logout } userRequest
                && Classify(request, expected) is "accept:applied" or "accept:rejected")
            {
                seen.Add(userRequest.Operation.Kind + Classify(request, expected)["accept".Length..]);
            }
            if (step % 10 == 0)
            {
                AssertSameState(model, store, $"seed {seed} step {step}");
            }
        }

        AssertSameState(model, store, $"seed {seed} end");

        // The workload must have reached every branch of the rules, or the comparison proves little.
        string[] branches =
        [
            "prepare:promised", "prepare:refused",
            "accept:applied", "accept:rejected", "accept:AlreadyApplied", "accept:BallotRejected",
            "accept:StateMismatch", "accept:Frozen", "accept:threw",
            "install:Installed", "install:Diverged", "install:BallotRejected", "install:threw",
            "RegisterUser:applied", "RegisterUser:rejected", "Logout:applied", "Logout:rejected",
        ];
        Assert.Empty(branches.Except(seen));
    }

    internal static object OnModel(MemoryReplicaState model, object request) => request switch
    {
        PrepareRequest p => model.Transact(s => ReplicaRules.Prepare(s, p)),
        AcceptRequest a => model.Transact(s => ReplicaRules.Accept(s, a)),
        InstallRequest i => model.Transact(s => ReplicaRules.Install(s, i)),
        AccountState o => Overwrite(model, o),
        _ => throw new ArgumentOutOfRangeException(nameof(request)),
    };

    internal static object OnStore(SqliteReplicaStore store, object request) => request switch
    {
        PrepareRequest p => store.Prepare(p),
        AcceptRequest a => store.Accept(a),
        InstallRequest i => store.Install(i),
        AccountState o => store.Transact(s =>
        {
            s.Put(o);
            return o;
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(request)),
    };

    private static AccountState Overwrite(MemoryReplicaState model, AccountState state)
    {
        model.Overwrite(state);
        return state;
    }

    /// <summary>The reply as canonical JSON (records holding lists compare lists by reference), or the exception's type.</summary>
    internal static string Run(Func<object> call)
    {
        try
        {
            return JsonSerializer.Serialize(call());
        }
        catch (Exception e)
        {
            return "threw " + e.GetType().Name;
        }
    }

    private static string Classify(object request, string reply)
    {
        var kind = request switch
        {
            PrepareRequest => "prepare",
            AcceptRequest => "accept",
            InstallRequest => "install",
            _ => "overwrite",
        };
        if (reply.StartsWith("threw", StringComparison.Ordinal))
        {
            return kind + ":threw";
        }

        using var json = JsonDocument.Parse(reply);
        var root = json.RootElement;
        return request switch
        {
            PrepareRequest => root.GetProperty("Promised").GetBoolean() ? "prepare:promised" : "prepare:refused",
            AcceptRequest when (AcceptStatus)root.GetProperty("Status").GetInt32() == AcceptStatus.Evaluated =>
                root.GetProperty("Outcome").GetProperty("Applied").GetBoolean() ? "accept:applied" : "accept:rejected",
            AcceptRequest => "accept:" + (AcceptStatus)root.GetProperty("Status").GetInt32(),
            InstallRequest => "install:" + (InstallStatus)root.GetProperty("Status").GetInt32(),
            _ => kind,
        };
    }

    private static string Describe(object request) => JsonSerializer.Serialize(request);

    /// <summary>
    /// Per-account reads first (they read through the writes not yet checkpointed), then the
    /// scans (which checkpoint them).
    /// </summary>
    internal static void AssertSameState(MemoryReplicaState model, SqliteReplicaStore store, string context)
    {
        foreach (var account in Accounts)
        {
            var ledger = model.Ledger(account);
            Assert.Equal(ledger, store.ReadEntries(account, 0, int.MaxValue));
            var middle = ledger.Count / 2;
            Assert.Equal(ledger.Skip(middle).Take(2), store.ReadEntries(account, middle, 2));
            Assert.Equal(ledger.Reverse().Take(3), store.History(account, 3));
            Assert.Equal(model.Accounts.FirstOrDefault(a => a.Account == account), store.GetAccount(account));
        }

        // Digest pages read through the writes not yet checkpointed, as anti-entropy asks for them.
        var digests = model.Accounts.Where(a => a.Exists).OrderBy(a => a.Account, StringComparer.Ordinal)
            .Select(a => model.Transact(s => ReplicaIntegrity.Digest(s, a.Account))).ToArray();
        Assert.Equal(digests, store.Digests("", 1000));
        Assert.Equal(digests.Where(d => string.CompareOrdinal(d.Account, "A-03") >= 0).Take(2), store.Digests("A-03", 2));

        // The summaries kept with each commit, against the model's computed whole.
        Assert.Equal(RangeSummary.Of(model.Accounts).Ranges(), store.Summary());

        var expected = model.Accounts.OrderBy(a => a.Account, StringComparer.Ordinal).ToArray();
        var actual = store.ListAccounts();
        Assert.True(expected.SequenceEqual(actual), $"{context}: accounts differ\nmemory: {JsonSerializer.Serialize(expected)}\nsqlite: {JsonSerializer.Serialize(actual)}");
        foreach (var owner in Owners)
        {
            Assert.Equal(model.OwnedBy(owner), store.OwnedBy(owner));
        }
    }
}
