using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Council;
using BankOrleans.Protocol.Replica;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Protocol.Tests.Coordination;

/// <summary>Three in-memory council members and replicas; accepts to one replica can be held back, installs to one can fail.</summary>
internal sealed class HeldBackPeers : IProtocolPeers
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly CouncilMember[] _council;
    private readonly MemoryReplicaState[] _replicas = [new(), new(), new()];
    private readonly int[] _installs = new int[3];
    private (int Replica, Gate Gate)? _held;
    private int? _failingInstalls;
    private Gate? _votes;

    public HeldBackPeers() =>
        _council = [.. Enumerable.Range(1, 3).Select(m => new CouncilMember(m, 1, _time, TimeSpan.FromSeconds(5)))];

    public int LeaseRequests { get; private set; }

    /// <summary>Called with every lease request as it reaches a member (after any held votes are let through).</summary>
    public Action<LeaseRequest>? OnVote { get; set; }

    /// <summary>Every lease request, in the order they reached a member.</summary>
    public List<LeaseRequest> Votes { get; } = [];

    /// <summary>The accounts of every prepare, in the order they reached a replica.</summary>
    public List<string[]> Prepares { get; } = [];

    public OperationCoordinator Coordinator(
        int preparedCapacity = 256, Action<IReadOnlyList<string>>? onLaggardLeft = null,
        Action<IReadOnlyList<LedgerEntry>>? onCommitted = null, string id = "test-coordinator", int sharedRoundAccounts = 0,
        TimeSpan? callTimeout = null)
    {
        var options = new CoordinatorOptions { PreparedCapacity = preparedCapacity, SharedRoundAccounts = sharedRoundAccounts };
        options.CallTimeout = callTimeout ?? options.CallTimeout;
        return new(id, this, options, _time, new Random(1), onCommitted, onLaggardLeft);
    }

    /// <summary>Moves the clock the coordinators and council members read (backoff waits on it too).</summary>
    public void Advance(TimeSpan by) => _time.Advance(by);

    /// <summary>
    /// Another coordinator takes <paramref name="account"/>'s lease on every member, straight past
    /// any held votes and unrecorded; whether each member granted it, in member order.
    /// </summary>
    public bool[] LeaseElsewhere(string account) =>
        [.. _council.Select(member => member.Request(new LeaseRequest("someone-else", [account], null)).Granted)];

    /// <summary>Lease votes wait (before any member sees them) until the test releases the gate.</summary>
    public Gate HoldVotes() => _votes = new Gate();

    public MemoryReplicaState Replica(int replica) => _replicas[replica - 1];

    public int InstallsTo(int replica) => _installs[replica - 1];

    /// <summary>Every install to <paramref name="replica"/> from now on fails, as if it timed out.</summary>
    public void FailInstallsTo(int replica) => _failingInstalls = replica;

    public Gate HoldAcceptsTo(int replica)
    {
        var gate = new Gate();
        _held = (replica, gate);
        return gate;
    }

    public async Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken)
    {
        if (_votes is { } gate)
        {
            await gate.Opened;
        }

        OnVote?.Invoke(request);
        lock (Votes)
        {
            LeaseRequests++;
            Votes.Add(request);
        }

        return _council[member - 1].Request(request);
    }

    public Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken)
    {
        _council[member - 1].Release(coordinator, accounts);
        return Task.CompletedTask;
    }

    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken)
    {
        lock (Prepares)
        {
            Prepares.Add([.. request.Accounts]);
        }

        return Task.FromResult(Replica(replica).Transact(s => ReplicaRules.Prepare(s, request)));
    }

    public async Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken)
    {
        if (_held is { } held && held.Replica == replica)
        {
            _held = null;
            if (!await held.Gate.Opened)
            {
                throw new TimeoutException("the accept was lost");
            }
        }

        return Replica(replica).Transact(s => ReplicaRules.Accept(s, request));
    }

    public Task<InstallReply> InstallAsync(int replica, InstallRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _installs[replica - 1]);
        if (_failingInstalls == replica)
        {
            return Task.FromException<InstallReply>(new TimeoutException("the install was lost"));
        }

        return Task.FromResult(Replica(replica).Transact(s => ReplicaRules.Install(s, request)));
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int replica, string account, long afterVersion, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>(Replica(replica).Ledger(account).Where(r => r.Version > afterVersion).Take(limit).ToArray());
}

/// <summary>Holds an accept (or the votes) until the test lets it through (it then applies) or drops it (it fails).</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource<bool> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<bool> Opened => _open.Task;

    public void Release() => _open.SetResult(true);

    public void Drop() => _open.SetResult(false);
}
