using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// One simulated coordinator process: the real <see cref="OperationCoordinator"/> wired to the
/// simulated network. It can crash (for good: its client starts a new one) or pause (its
/// messages are held until it resumes, so they arrive stale).
/// </summary>
internal sealed class SimCoordinatorHost : IProtocolPeers
{
    private readonly SimLoop _loop;
    private readonly SimNetwork _network;
    private readonly SimulationSettings _settings;
    private readonly LeaseLog _leases;
    private readonly CancellationTokenSource _crash = new();
    private readonly TimeSpan _callTimeout = new CoordinatorOptions().CallTimeout;
    private readonly Dictionary<int, Ballot> _firstBallots = [];
    private long _pausedUntil;

    public SimCoordinatorHost(
        string id, SimLoop loop, SimNetwork network, SimulationSettings settings, LeaseLog leases, Random random,
        SimNode? local = null, SimNode? home = null, CoordinatorOptions? options = null,
        Action<SimCoordinatorHost, IReadOnlyList<LedgerEntry>>? onCommitted = null, Random? networkRandom = null)
    {
        NetworkRandom = networkRandom;
        Local = local;
        Home = local ?? home;
        Id = id;
        _loop = loop;
        _network = network;
        _settings = settings;
        _leases = leases;
        Coordinator = new OperationCoordinator(id, this, options ?? new CoordinatorOptions(), loop.Time, random, onCommitted is null ? null : rows => onCommitted(this, rows));
    }

    public string Id { get; }

    /// <summary>The random stream of this host's messages, when it is not the network's own (the reader's).</summary>
    public Random? NetworkRandom { get; }

    /// <summary>The node this host runs on when it is a replica's own start-up recovery; its replica is called directly.</summary>
    public SimNode? Local { get; }

    /// <summary>The master this host runs on (its recovery's or its anti-entropy's), whose partitions it shares; null for a client's own process.</summary>
    public SimNode? Home { get; }

    public OperationCoordinator Coordinator { get; }

    public bool Alive => !_crash.IsCancellationRequested;

    public CancellationToken CrashToken => _crash.Token;

    public void Crash()
    {
        _crash.Cancel();
        _leases.EndAll(Id, _loop.Now);
    }

    public void Pause(TimeSpan duration) => _pausedUntil = Math.Max(_pausedUntil, _loop.Now + duration.Ticks);

    /// <summary>How long a message sent or received now is held because the process is paused.</summary>
    public TimeSpan Hold() => TimeSpan.FromTicks(Math.Max(0, _pausedUntil - _loop.Now));

    public Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken)
    {
        var node = _network.Node(member);
        if (_settings.SilentCouncilMemberCountsAsYes && !node.Up)
        {
            // Mutation: "assume the response is true" — a dead member answers yes at once.
            return Task.FromResult(Fake(request, member));
        }

        _leases.Sent(request, _loop.Now);
        var reply = _network.Call(this, member, n =>
        {
            var refused = new LeaseReply(false, Ballot.Zero, _loop.UtcNow, null);
            if (n.EnsureCouncil(_network.Nodes) is not { } council)
            {
                return refused;
            }

            if (council.EpochNeededFor(request.Above) is { } epoch && !n.AdvanceEpoch(epoch, _network.Nodes))
            {
                return refused;
            }

            var granted = council.Request(request);
            if (_settings.CouncilReusesHoldersBallot && granted.Granted)
            {
                // Mutation: the member hands this coordinator the first ballot it ever gave it
                // again, while that still beats the ballot the request must beat.
                if (!_firstBallots.TryGetValue(member, out var first))
                {
                    _firstBallots[member] = granted.Ballot;
                }
                else if (request.Above is not { } above || first > above)
                {
                    granted = granted with { Ballot = first };
                }
            }

            _leases.Issued(Id, granted);
            return granted;
        });
        var observed = Observe(reply, r => _leases.Granted(Id, request, member, r, _loop.Now));
        return _settings.SilentCouncilMemberCountsAsYes ? YesOnSilenceAsync(observed, request, member) : observed;
    }

    // Mutation: a member that stays silent until just before the coordinator's timeout counts as yes.
    private async Task<LeaseReply> YesOnSilenceAsync(Task<LeaseReply> reply, LeaseRequest request, int member)
    {
        try
        {
            return await reply.WaitAsync(_callTimeout * 0.9, _loop.Time);
        }
        catch (TimeoutException)
        {
            return Fake(request, member);
        }
    }

    private LeaseReply Fake(LeaseRequest request, int member)
    {
        var fake = new LeaseReply(true, Ballot.Zero, _loop.UtcNow + _settings.LeaseDuration, Id);
        _leases.Sent(request, _loop.Now);
        _leases.Granted(Id, request, member, fake, _loop.Now);
        return fake;
    }

    public Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken)
    {
        _leases.Released(Id, accounts, _loop.Now);
        return _network.Call(this, member, n =>
        {
            n.Council?.Release(coordinator, accounts);
            return true;
        });
    }

    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken) =>
        OnReplica(replica, vote: true, n => n.Replica.Transact(s => ReplicaRules.Prepare(s, request)));

    public Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken)
    {
        _network.Trace?.Invoke($"{Id} sends accept {request.Operation.TxId} {request.Operation.Kind} {string.Join(" ", request.Fences.Select(f => $"{f.Account}@v{f.ExpectedVersion}/{f.ExpectedHead[..Math.Min(4, f.ExpectedHead.Length)]} b{f.Ballot}"))} to n{replica}");
        var reply = OnReplica(replica, vote: true, n => _network.OnReplica(n, request.Operation.Accounts, s => ReplicaRules.Accept(s, request)));
        return _settings.LostAcceptReplyReadAsNotServing ? NotServingOnSilenceAsync(reply) : reply;
    }

    // Mutation: a transport that reports an accept whose reply never came as "not serving" (the
    // replica never evaluated it), although the request may have been applied and only its reply lost.
    private async Task<AcceptReply> NotServingOnSilenceAsync(Task<AcceptReply> reply)
    {
        try
        {
            return await reply.WaitAsync(_callTimeout * 0.9, _loop.Time);
        }
        catch (TimeoutException)
        {
            return new AcceptReply(AcceptStatus.NotServing, null, Ballot.Zero);
        }
    }

    public Task<InstallReply> InstallAsync(int replica, InstallRequest request, CancellationToken cancellationToken)
    {
        _network.Trace?.Invoke($"{Id} sends install b{request.Ballot} {string.Join(" ", request.Accounts.Select(a => $"{a.Target.Account}:base v{a.BaseVersion} +[{string.Join(",", a.Entries.Select(e => e.TxId + "@v" + e.Version))}]"))} to n{replica}");
        return OnReplica(replica, vote: false, n => _network.OnReplica(n, request.Accounts.Select(a => a.Target.Account).ToArray(), s => ReplicaRules.Install(s, request)));
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int replica, string account, long afterVersion, int limit, CancellationToken cancellationToken) =>
        OnReplica(replica, vote: false, n => n.Replica.Transact(s => s.EntriesAfter(account, afterVersion, limit)));

    /// <summary>
    /// A call to a replica, as production's replica grain gates it: another replica refuses votes
    /// until its start-up recovery is done, and installs and reads unless its standing is normal; a recovery's own replica (called directly, as CatchUpPeers
    /// does) refuses to promise or accept until its standing is normal, and takes installs.
    /// </summary>
    private Task<T> OnReplica<T>(int replica, bool vote, Func<SimNode, T> handler)
    {
        if (Local is { } local && replica == local.Index)
        {
            if (!Alive || !local.Up)
            {
                return new TaskCompletionSource<T>().Task;
            }

            return vote && local.Standing != StandingKind.Normal
                ? Task.FromException<T>(new NotVotingException($"n{replica} is {local.Standing} and does not vote"))
                : Task.FromResult(handler(local));
        }

        // Votes wait for the start-up recovery; installs and reads only for a normal standing.
        return _network.Call(this, replica, n => (vote ? n.Voting : n.Standing == StandingKind.Normal)
            ? handler(n)
            : throw new NotVotingException($"n{replica} ({n.Standing}) does not answer this yet"));
    }

    private static async Task<T> Observe<T>(Task<T> task, Action<T> onReply)
    {
        var result = await task;
        onReply(result);
        return result;
    }
}
