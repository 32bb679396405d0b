using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// One seeded run: three masters, a few clients sending deposits, withdrawals and transfers
/// (with retries under the same request id) while the seed's faults hit the network, the
/// masters and the coordinators, and the lowest master that is up runs anti-entropy passes;
/// then healing, anti-entropy until the masters agree, and the invariant check.
/// </summary>
internal sealed class Simulation
{
    private static readonly TimeSpan CallTimeout = new CoordinatorOptions().CallTimeout;

    // The shared leader shares phase 1 among its concurrent writes, as production's write leader
    // does (Bank:Leader:SharedRoundAccounts, default 256).
    private static CoordinatorOptions LeaderOptions => new() { SharedRoundAccounts = 256 };
    private readonly int _seed;
    private readonly SimulationSettings _settings;
    private readonly Random _random;
    private readonly SimLoop _loop = new();
    private readonly SimNode[] _nodes;
    private readonly SimNetwork _network;
    private readonly LeaseLog _leases;
    private readonly List<Attempt> _history = [];
    private readonly string[] _accounts;
    private readonly SimCoordinatorHost?[] _clientHosts;

    // Each master's anti-entropy (memory: lost when the master crashes).
    private readonly SimAntiEntropy?[] _antiEntropy = new SimAntiEntropy?[3];
    // The reader silo (null when the settings have none); its faults draw from a stream of their own.
    private readonly SimReader? _reader;
    private readonly Random _readerRandom;
    private int _hostCount;
    private SimCoordinatorHost? _leader;

    // The user grain's coordinator (on a master; crashes with it) and the logouts it acknowledged.
    private SimCoordinatorHost? _userHost;
    private readonly List<(long AckedAt, long Epoch, SimNode Home)> _logouts = [];
    private readonly List<(long At, SimNode Node)> _masterCrashes = [];

    // Per request id, each time a writer recorded its commit in its master's unacknowledged
    // commits (feed rule): which master and when.
    private readonly Dictionary<string, List<(SimNode Node, long At)>> _feedRecords = new(StringComparer.Ordinal);

    // The writers that run on a master (as production's coordinators do) and die with it.
    private readonly List<(SimCoordinatorHost Host, SimNode Node)> _writersOn = [];

    public Simulation(int seed, SimulationSettings settings)
    {
        _seed = seed;
        _settings = settings;
        _random = new Random(seed);
        _nodes = Enumerable.Range(1, 3).Select(i => new SimNode(i, _loop, settings.LeaseDuration, settings)).ToArray();
        _network = new SimNetwork(_loop, new Random(_random.Next()), _nodes, settings);
        _leases = new LeaseLog(_loop, CallTimeout);
        _accounts = Enumerable.Range(0, settings.Accounts).Select(i => $"acc-{i:D2}").ToArray();
        _clientHosts = new SimCoordinatorHost?[settings.Clients];
        _readerRandom = new Random(unchecked((seed * 7919) + 17));
        if (settings.Reader)
        {
            _reader = new SimReader(_loop, _network, settings, _leases, new Random(_readerRandom.Next()), CommittedBefore, EpochEndedBefore, FeedBoundBefore);
        }
    }

    public static SimulationReport Run(int seed, SimulationSettings settings, Action<string>? trace = null)
    {
        var simulation = new Simulation(seed, settings);
        simulation._network.Trace = trace;
        simulation._trace = trace;
        simulation._reader?.SetTrace(trace);
        return simulation.Run();
    }

    private Action<string>? _trace;

    private SimulationReport Run()
    {
        _reader?.Start();

        // Setup, fault-free: open and fund every account.
        var setupDone = false;
        _loop.Spawn(async () =>
        {
            var host = NewHost("setup");
            foreach (var account in _accounts)
            {
                await Must(host, new BankOperation($"open-{account}", OperationKind.OpenAccount, account, null, 0, null, "owner", false, _loop.UtcNow));
                await Must(host, new BankOperation($"fund-{account}", OperationKind.Deposit, account, null, 100_000, null, null, false, _loop.UtcNow));
            }

            if (_reader is not null)
            {
                // The user whose sessions the reader checks (not in the money history).
                var user = await host.Coordinator.ExecuteAsync(new BankOperation("register-u0", OperationKind.RegisterUser, SimReader.User, null, 0, null, "u0", false, _loop.UtcNow, "pw"));
                if (user.Verdict != CoordinatorVerdict.Committed)
                {
                    throw new InvalidOperationException($"setup could not register the user: {user.Message}");
                }
            }

            setupDone = true;
        });
        _loop.Run(() => setupDone, TimeSpan.FromMinutes(1));
        if (!setupDone)
        {
            return Report(["setup: could not open and fund the accounts on a healthy cluster"]);
        }

        var faultStart = _loop.Now;
        var faultEnd = TimeSpan.FromTicks(faultStart) + _settings.FaultWindow;
        DrawNetwork();
        ScheduleFaults();
        var clientsDone = 0;
        for (var c = 0; c < _settings.Clients; c++)
        {
            var client = c;
            _loop.Spawn(async () =>
            {
                await ClientAsync(client);
                clientsDone++;
            });
        }

        if (_settings.AntiEntropyPeriod > TimeSpan.Zero)
        {
            _loop.Spawn(() => AntiEntropyAsync(faultEnd));
        }

        var logoutsDone = _reader is null;
        if (_reader is not null)
        {
            _loop.Spawn(async () =>
            {
                await LogoutsAsync(faultEnd);
                logoutsDone = true;
            });
        }

        _loop.Run(() => clientsDone == _settings.Clients && logoutsDone && _loop.Now >= faultEnd.Ticks, faultEnd + TimeSpan.FromMinutes(10));
        if (clientsDone != _settings.Clients || !logoutsDone)
        {
            return Report([$"liveness: only {clientsDone} of {_settings.Clients} clients finished"]);
        }

        // Heal: network whole, every master back; then reconcile until all replicas agree.
        _network.HealAll();
        foreach (var node in _nodes)
        {
            Restart(node);
        }

        _loop.Run(() => _nodes.All(n => n.Voting), TimeSpan.FromTicks(_loop.Now) + TimeSpan.FromMinutes(10));
        if (_nodes.FirstOrDefault(n => !n.Voting) is { } stuck)
        {
            return Report([$"liveness: n{stuck.Index} ({stuck.Standing}: {stuck.StartReason}) never finished its start-up recovery after healing"]);
        }

        // The masters converge by production's anti-entropy: passes until one finds every account
        // agreeing. First the traffic stops: the clients' processes exit (a coordinator's
        // background install to a laggard dies with it) and what is in flight lands, so that what
        // the last pass saw is what the check reads.
        foreach (var host in _clientHosts.Append(_leader).Append(_userHost).Concat(_antiEntropy.Select(a => a?.Host)))
        {
            host?.Crash();
        }

        // The reader is up again if it was down, and has finished its start-up catch-up.
        _reader?.Start();
        _loop.Run(() => _reader?.CaughtUp ?? true, TimeSpan.FromTicks(_loop.Now) + TimeSpan.FromMinutes(10));

        // The reader converges with them by the same passes' re-feed, as production's: passes
        // until one finds nothing to do (the reader's catch-up does not run again).
        var converged = false;
        var readerSettled = _reader is null;
        var reconciled = false;
        _loop.Spawn(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), _loop.Time);
            for (var i = 0; i < 10 && !(converged && readerSettled); i++)
            {
                var antiEntropy = AntiEntropyOf(_nodes[0]);
                var pass = await antiEntropy.RunPassAsync();
                _trace?.Invoke($"{TimeSpan.FromTicks(_loop.Now).TotalMilliseconds,9:F1}ms n1 FINAL ANTI-ENTROPY compared {pass.Compared}, repaired [{string.Join(",", pass.Repaired)}], reader behind [{string.Join(",", pass.ReaderBehind)}], failed [{string.Join(",", pass.Failed)}]");
                // Every account compared, or every range summary equal on the three masters.
                converged = (pass.Compared == _accounts.Length + (_reader is null ? 0 : 1) || pass.SummariesAgreed)
                    && pass.Repaired.Count + pass.Frozen.Count + pass.Unfrozen.Count + pass.Failed.Count == 0;
                readerSettled = _reader is null || pass.ReaderBehind.Count == 0;
                await antiEntropy.RefeedReaderAsync(pass.ReaderBehind);
            }

            reconciled = true;
        });
        _loop.Run(() => reconciled, TimeSpan.FromTicks(_loop.Now) + TimeSpan.FromMinutes(10));
        var violations = Checker.Check(_accounts, _nodes, _history, converged, _leases.Overlaps());
        if (_reader is not null && converged)
        {
            violations.AddRange(_reader.Check([.. _accounts, SimReader.User], _nodes[0]));
        }

        violations.AddRange(_leases.ReissuedBallots.Take(3).Select(b => "ballot-unique: " + b));
        return Report(violations);
    }

    /// <summary>
    /// Anti-entropy during the faults: every period, the lowest master that is up (production's
    /// "no lower master is active") runs a pass, interleaved with the clients' writes, crashes and partitions.
    /// </summary>
    private async Task AntiEntropyAsync(TimeSpan until)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(0, (int)_settings.AntiEntropyPeriod.TotalMilliseconds)), _loop.Time);
        while (_loop.Now < until.Ticks)
        {
            if (_nodes.FirstOrDefault(n => n.Up) is { } lowest)
            {
                var antiEntropy = AntiEntropyOf(lowest);
                try
                {
                    var pass = await antiEntropy.RunPassAsync();
                    _ = antiEntropy.RefeedReaderAsync(pass.ReaderBehind);
                    _trace?.Invoke($"{TimeSpan.FromTicks(_loop.Now).TotalMilliseconds,9:F1}ms n{lowest.Index} ANTI-ENTROPY compared {pass.Compared}, repaired [{string.Join(",", pass.Repaired)}], frozen [{string.Join(",", pass.Frozen.Select(f => f.Account))}], unfrozen [{string.Join(",", pass.Unfrozen)}], failed [{string.Join(",", pass.Failed)}]");
                }
                catch (OperationCanceledException) when (!antiEntropy.Host.Alive)
                {
                    // Its master crashed in the middle of the pass: the pass is gone with it.
                }
            }

            await Task.Delay(_settings.AntiEntropyPeriod, _loop.Time);
        }
    }

    // The node's anti-entropy, started anew if the node crashed since the last pass; its repairs
    // take the repair coordinator's short deadline, as production's.
    private SimAntiEntropy AntiEntropyOf(SimNode node)
    {
        if (_antiEntropy[node.Index - 1] is { Host.Alive: true } running)
        {
            return running;
        }

        var options = new CoordinatorOptions { OperationDeadline = TimeSpan.FromSeconds(3) };
        var host = new SimCoordinatorHost($"anti-entropy-n{node.Index}.{++_hostCount}", _loop, _network, _settings, _leases, new Random(_random.Next()), home: node, options: options);
        return _antiEntropy[node.Index - 1] = new SimAntiEntropy(node, host, _network, _settings, _reader);
    }

    private async Task ClientAsync(int client)
    {
        for (var i = 0; i < _settings.OperationsPerClient; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(0, 300)), _loop.Time);
            var op = NextOperation($"c{client}-{i}");
            for (var attempt = 0; attempt < 6; attempt++)
            {
                var verdict = await CallAsync(client, op);
                if (verdict is CoordinatorVerdict.Committed && _random.NextDouble() < 0.2)
                {
                    // Retry storm: the same request id again must answer the same outcome.
                    await CallAsync(client, op);
                }

                if (verdict is CoordinatorVerdict.Committed or CoordinatorVerdict.Rejected or CoordinatorVerdict.Unavailable)
                {
                    break;
                }
            }
        }
    }

    private async Task<CoordinatorVerdict?> CallAsync(int client, BankOperation op)
    {
        var host = _clientHosts[client];
        if (_settings.SharedLeader && client % 2 == 0)
        {
            if (_leader is null || !_leader.Alive)
            {
                _leader = NewHost("leader", options: LeaderOptions);
            }

            host = _clientHosts[client] = _leader;
        }
        else if (host is null || !host.Alive)
        {
            host = _clientHosts[client] = NewHost($"c{client}");
        }

        var start = _loop.Now;
        try
        {
            var result = await host.Coordinator.ExecuteAsync(op, host.CrashToken);
            var holding = result.Verdict == CoordinatorVerdict.Committed ? Holding(op) : 0;
            _history.Add(new Attempt(op, start, _loop.Now, result.Verdict, result.Outcome, holding));
            _trace?.Invoke($"{TimeSpan.FromTicks(_loop.Now).TotalMilliseconds,9:F1}ms {host.Id} ANSWER {op.TxId}: {result.Verdict} {result.Message} holding={holding}");
            if (result.Verdict == CoordinatorVerdict.Committed)
            {
                var first = _history.First(a => a.Operation.TxId == op.TxId && a.Verdict == CoordinatorVerdict.Committed);
                if (!first.Outcome!.SameAs(result.Outcome!))
                {
                    throw new InvalidOperationException($"{op.TxId} answered two different committed outcomes");
                }
            }

            return result.Verdict;
        }
        catch (OperationCanceledException) when (!host.Alive)
        {
            _history.Add(new Attempt(op, start, _loop.Now, null, null, 0));
            return null;
        }
    }

    /// <summary>
    /// The user's logouts during the fault window, each retried under its request id like a
    /// client's write, through the user grain's coordinator: on a master that is up, feeding the
    /// reader and that master's unacknowledged user commits, as production's user grain. They
    /// draw from the reader's stream, so the money history of a seed is unchanged.
    /// </summary>
    private async Task LogoutsAsync(TimeSpan until)
    {
        var draws = new Random(_readerRandom.Next());
        for (var i = 0; _loop.Now < until.Ticks && i < 4; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(draws.Next(1_000, 10_000)), _loop.Time);
            var op = new BankOperation($"logout-{i}", OperationKind.Logout, SimReader.User, null, 0, "u0", null, false, _loop.UtcNow);
            for (var attempt = 0; attempt < 6; attempt++)
            {
                if (_userHost is not { Alive: true } || _nodes.Where(n => n.Up).ToArray() is not { Length: > 0 } up)
                {
                    if (_nodes.All(n => !n.Up))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), _loop.Time);
                        continue;
                    }

                    var home = _nodes.Where(n => n.Up).ElementAt(draws.Next(_nodes.Count(n => n.Up)));
                    _userHost = new SimCoordinatorHost($"user-n{home.Index}.{++_hostCount}", _loop, _network, _settings, _leases, new Random(draws.Next()),
                        home: home, onCommitted: FeedFrom(home),
                        networkRandom: draws);
                }

                var host = _userHost;
                try
                {
                    var result = await host.Coordinator.ExecuteAsync(op, host.CrashToken);
                    _trace?.Invoke($"{TimeSpan.FromTicks(_loop.Now).TotalMilliseconds,9:F1}ms {host.Id} ANSWER {op.TxId}: {result.Verdict} {result.Message}");
                    if (result.Verdict == CoordinatorVerdict.Committed)
                    {
                        _logouts.Add((_loop.Now, result.Outcome!.Accounts.Single().Version, host.Home!));
                    }

                    if (result.Verdict is CoordinatorVerdict.Committed or CoordinatorVerdict.Rejected or CoordinatorVerdict.Unavailable)
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (!host.Alive)
                {
                    // Its master crashed under the call: retried on another.
                }
            }
        }
    }

    // The newest epoch that a logout acknowledged before virtual time `at` reached (0 if none).
    // Known limit (docs/protocol.md, "Reader"): a logout whose master crashed after acknowledging
    // it and before the reader held it took its unacknowledged feed entry along, and the
    // membership then drops that master from the staleness rule; the reader learns it from
    // anti-entropy's re-feed, with no bound. Such logouts are not held to the bound here.
    private long EpochEndedBefore(long at) =>
        _logouts
            .Where(l => l.AckedAt < at && !_masterCrashes.Any(c => c.Node == l.Home && c.At >= l.AckedAt && c.At <= (_reader!.HeldSince(l.Epoch) ?? long.MaxValue)))
            .Select(l => l.Epoch)
            .DefaultIfEmpty(0)
            .Max();

    // The operations answered committed before virtual time `at` that the reader's staleness bound
    // covers (feed rule): all but those whose every record died with its master before the reader
    // held them, while that master is still down. Known limit (docs/protocol.md, "Known limits of
    // the reader"): the membership then drops that master from the staleness rule, and nothing
    // tells the reader what the entry held until the master restarts (restart rule) or
    // anti-entropy re-feeds it. An answered commit with no record at all is held to the bound:
    // that is a coordinator that answered without reporting it.
    private IReadOnlyList<BankOperation> FeedBoundBefore(long at) =>
        CommittedBefore(at)
            .Where(o => !(_feedRecords.TryGetValue(o.TxId, out var records) && records.All(r =>
                !r.Node.Up && _masterCrashes.Any(c => c.Node == r.Node && c.At >= r.At && c.At <= (_reader!.HeldSince(o) ?? long.MaxValue)))))
            .ToArray();

    // A writer's commit hook on master `home` (production's CoordinatorFactory.Writer): recorded
    // in that master's unacknowledged commits, if it is up, and sent down the one-way feed.
    private Action<SimCoordinatorHost, IReadOnlyList<LedgerEntry>> FeedFrom(SimNode home) => (from, rows) =>
    {
        if (rows.Count > 0)
        {
            if (!_feedRecords.TryGetValue(rows[0].TxId, out var records))
            {
                _feedRecords[rows[0].TxId] = records = [];
            }

            records.Add((home, _loop.Now));
            home.ReaderFeed.Record(rows);
        }

        if (ReadReplicaRules.IsWholeOperation(rows))
        {
            _reader!.Feed(from, rows);
        }
    };

    // The operations answered committed before virtual time `at` (the reader's catch-up rule).
    private IReadOnlyList<BankOperation> CommittedBefore(long at) =>
        _history.Where(a => a.Verdict == CoordinatorVerdict.Committed && a.End < at).Select(a => a.Operation).DistinctBy(o => o.TxId).ToArray();

    private int Holding(BankOperation op) =>
        _nodes.Count(n => op.Accounts.All(a => n.Replica.Ledger(a).Any(r => r.TxId == op.TxId)) || n.LostHeld.Contains(op.TxId));

    private BankOperation NextOperation(string txId)
    {
        var account = _accounts[_random.Next(_accounts.Length)];
        var amount = _random.Next(1, 60_000);
        switch (_random.Next(4))
        {
            case 0:
                return new BankOperation(txId, OperationKind.Deposit, account, null, amount, null, null, false, _loop.UtcNow);
            case 1:
                return new BankOperation(txId, OperationKind.Withdraw, account, null, amount, null, null, false, _loop.UtcNow);
            default:
                var to = _accounts[(Array.IndexOf(_accounts, account) + 1 + _random.Next(_accounts.Length - 1)) % _accounts.Length];
                return new BankOperation(txId, OperationKind.Transfer, account, to, amount, null, null, false, _loop.UtcNow);
        }
    }

    private void DrawNetwork()
    {
        _network.DropRate = Pick(0, 0, 0.02, 0.1, 0.25);
        _network.DuplicateRate = Pick(0, 0.05, 0.2);
        _network.MaxDelay = TimeSpan.FromMilliseconds(Pick(2, 20, 200));
        _network.SlowRate = Pick(0, 0, 0.02, 0.1);
    }

    private void ScheduleFaults()
    {
        var window = _settings.FaultWindow;
        TimeSpan At() => TimeSpan.FromTicks((long)(_random.NextDouble() * window.Ticks));

        for (var i = _random.Next(0, 5); i > 0; i--)
        {
            var node = _nodes[_random.Next(3)];
            var down = TimeSpan.FromMilliseconds(_random.Next(200, 8_000));
            var crashAt = At();
            var disk = _settings.DiskFaults ? Pick(DiskFault.None, DiskFault.None, DiskFault.None, DiskFault.None, DiskFault.Wipe, DiskFault.Restore, DiskFault.LoseCouncil) : DiskFault.None;
            MemoryReplicaState? backup = null;
            if (disk == DiskFault.Restore)
            {
                _loop.At(TimeSpan.FromTicks((long)(_random.NextDouble() * crashAt.Ticks)), () => backup = node.Replica.Copy());
            }

            _loop.At(crashAt, () =>
            {
                node.Crash();
                _masterCrashes.Add((_loop.Now, node));
                _antiEntropy[node.Index - 1]?.Host.Crash();
                foreach (var (writer, _) in _writersOn.Where(w => w.Node == node && w.Host.Alive).ToArray())
                {
                    writer.Crash();
                }

                if (_userHost?.Home == node)
                {
                    // The user grain's activation dies with its silo.
                    _userHost.Crash();
                }

                // One disk fault at a time (f = 1): a second while another is unrecovered is two lost disks.
                var fault = _nodes.Any(n => n != node && n.DiskFaulted) ? DiskFault.None : disk;
                switch (fault)
                {
                    case DiskFault.Wipe:
                        node.WipeReplicaFile();
                        break;
                    case DiskFault.Restore when backup is not null:
                        node.RestoreReplicaFile(backup);
                        break;
                    case DiskFault.LoseCouncil:
                        node.LoseCouncilFile();
                        break;
                }

                _trace?.Invoke($"{TimeSpan.FromTicks(_loop.Now).TotalMilliseconds,9:F1}ms CRASH n{node.Index} {fault}");
                _loop.At(down, () =>
                {
                    Restart(node);
                    _trace?.Invoke($"{TimeSpan.FromTicks(_loop.Now).TotalMilliseconds,9:F1}ms RESTART n{node.Index}: {node.Standing} ({node.StartReason})");
                });
            });
        }

        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            var client = _random.Next(_settings.Clients);
            _loop.At(At(), () => _clientHosts[client]?.Crash());
        }

        // The reader's crashes: what is in flight to it is lost, its file survives, and it catches up when it starts.
        for (var i = _reader is null ? 0 : _readerRandom.Next(0, 3); i > 0; i--)
        {
            var crashAt = TimeSpan.FromTicks((long)(_readerRandom.NextDouble() * window.Ticks));
            var down = TimeSpan.FromMilliseconds(_readerRandom.Next(200, 8_000));
            _loop.At(crashAt, () =>
            {
                _reader!.Crash();
                _loop.At(down, () => _reader.Start());
            });
        }

        // Partitions between masters: what one master's recovery asks the other is lost both ways.
        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            var a = _random.Next(1, 4);
            var b = a % 3 + 1;
            var length = TimeSpan.FromMilliseconds(_random.Next(1_000, 8_000));
            _loop.At(At(), () =>
            {
                _network.CutMasters(a, b);
                _loop.At(length, () => _network.HealMasters(a, b));
            });
        }

        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            var client = _random.Next(_settings.Clients);
            var pause = _settings.LeaseDuration + TimeSpan.FromMilliseconds(_random.Next(100, 4_000));
            _loop.At(At(), () => _clientHosts[client]?.Pause(pause));
        }

        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            var client = _random.Next(_settings.Clients);
            var node = _random.Next(1, 4);
            _loop.At(At(), () =>
            {
                if (_clientHosts[client] is { } host)
                {
                    _network.Cut(host.Id, node);
                }
            });
        }
    }

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    // A master starts again: its replica takes its standing, and votes once its own recovery says so.
    private void Restart(SimNode node)
    {
        if (node.Up)
        {
            return;
        }

        node.Restart();
        var host = NewHost($"recovery-n{node.Index}", node);
        node.Recovery = host;
        _loop.Spawn(() => new SimRecovery(node, host, _network).RunAsync());
    }

    private enum DiskFault
    {
        None,
        Wipe,
        Restore,
        LoseCouncil,
    }

    // A writer (no local replica: a client's, the leader's, the setup's) feeds the reader what it
    // commits, as production's; its commits are recorded on a master fixed per host (in production
    // the silo it runs on), picked without a draw so the money history of a seed is unchanged.
    private SimCoordinatorHost NewHost(string name, SimNode? local = null, CoordinatorOptions? options = null)
    {
        var id = ++_hostCount;
        var home = _nodes[id % _nodes.Length];
        var feeds = local is null && _reader is not null;
        var host = new SimCoordinatorHost($"{name}.{id}", _loop, _network, _settings, _leases, new Random(_random.Next()), local,
            options: options, onCommitted: feeds ? FeedFrom(home) : null);
        if (feeds)
        {
            _writersOn.Add((host, home));
            if (!home.Up)
            {
                // Started on a master that is down: it never runs (the client starts another).
                host.Crash();
            }
        }

        return host;
    }

    private async Task Must(SimCoordinatorHost host, BankOperation op)
    {
        var result = await host.Coordinator.ExecuteAsync(op);
        if (result.Verdict != CoordinatorVerdict.Committed)
        {
            throw new InvalidOperationException($"setup operation {op.TxId} ended {result.Verdict}: {result.Message}");
        }

        _history.Add(new Attempt(op, 0, _loop.Now, result.Verdict, result.Outcome, Holding(op)));
    }

    private SimulationReport Report(IReadOnlyList<string> violations) =>
        new(_seed, violations,
            _history.Count(a => a.Verdict == CoordinatorVerdict.Committed),
            _history.Count(a => a.Verdict == CoordinatorVerdict.Rejected),
            _history.Count(a => a.Verdict == CoordinatorVerdict.Unavailable),
            _history.Count(a => a.Verdict == CoordinatorVerdict.Unknown),
            _history.Count(a => a.Verdict is null));
}
