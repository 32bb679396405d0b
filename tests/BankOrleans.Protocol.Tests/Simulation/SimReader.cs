using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// The simulated reader silo: its file (which survives its crashes) and, while it is up, one
/// process running the production <see cref="ReaderReplication"/>. The writers' committed rows
/// reach it over the simulated network (dropped, delayed, duplicated; lost while it is down);
/// gaps and its start-up catch-up are filled from the masters over the same network, majority
/// reads by the reader's own production coordinator, its start-up catch-up by the production
/// <see cref="ReaderCatchUpPass"/> over every page of the masters' inventories. Anti-entropy
/// compares it (its summaries and pages) and re-feeds it. Each process polls every master's feed
/// with the production <see cref="ReaderFeedPoller"/> into its own <see cref="ReaderStaleness"/>,
/// and probes the user's session through <see cref="ReaderSessionRule"/>. Like the grain, it
/// handles one batch, catch-up or re-feed at a time. Every write is checked as it happens (no gap,
/// no broken chain), every finished catch-up against what was committed before it began, every
/// probe against the logouts acknowledged beyond the bound, and every row it ever held is
/// remembered for the end-of-run check against the chosen history. Its messages draw from a
/// random stream of their own, so the feed does not move the masters' draws.
/// </summary>
internal sealed class SimReader(
    SimLoop loop, SimNetwork network, SimulationSettings settings, LeaseLog leases, Random random,
    Func<long, IReadOnlyList<BankOperation>> committedBefore, Func<long, long> epochEndedBefore,
    Func<long, IReadOnlyList<BankOperation>> feedBoundBefore)
{
    /// <summary>The heartbeat period: production's ratio to the bound (validated at least 2), scaled to the fault window.</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The staleness bound of the simulated reader.</summary>
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromSeconds(3);

    /// <summary>The simulation's one user, whose logouts the session probes watch.</summary>
    public static readonly string User = ObjectKeys.User("u0");

    /// <summary>Inventory pages small enough that the simulation's few accounts take several.</summary>
    public const int PageSize = 2;

    private static readonly TimeSpan CallTimeout = new CoordinatorOptions().CallTimeout;
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);
    private readonly MemoryReplicaState _file = new();
    private readonly HashSet<(string Account, long Version, string Hash)> _held = [];
    private readonly List<string> _violations = [];
    private readonly Dictionary<long, long> _userEpochSince = [];
    private readonly Dictionary<(string Account, string TxId), long> _txHeldSince = [];
    private Process? _process;
    private int _starts;

    private SimLoop Loop => loop;

    private SimNetwork Network => network;

    private SimulationSettings Settings => settings;

    private Random Random => random;
    private Action<string>? _trace;

    public bool Up => _process is not null;

    public void SetTrace(Action<string>? trace) => _trace = trace;

    /// <summary>When the reader first held the user at <paramref name="epoch"/>; null if it never has.</summary>
    public long? HeldSince(long epoch) => _userEpochSince.TryGetValue(epoch, out var at) ? at : null;

    /// <summary>When the reader first held every row of <paramref name="op"/>; null if it never has.</summary>
    public long? HeldSince(BankOperation op)
    {
        long since = 0;
        foreach (var account in op.Accounts)
        {
            if (!_txHeldSince.TryGetValue((account, op.TxId), out var at))
            {
                return null;
            }

            since = Math.Max(since, at);
        }

        return since;
    }

    /// <summary>Whether the current process has finished a catch-up since it started.</summary>
    public bool CaughtUp => _process?.CaughtUp ?? false;

    /// <summary>A writer's onCommitted hook: the operation's rows, sent to the reader.</summary>
    public void Feed(SimCoordinatorHost from, IReadOnlyList<LedgerEntry> rows)
    {
        if (rows.Count > 0)
        {
            network.Send(from, random, () => _process?.Enqueue(p => p.Replication.ApplyAsync(rows)));
        }
    }

    public void Crash()
    {
        _process?.Host.Crash();
        _process = null;
        Trace("CRASH reader");
    }

    /// <summary>Starts a reader process, which catches up from the masters (production's ReaderCatchUp: retried with a growing pause).</summary>
    public void Start()
    {
        if (_process is not null)
        {
            return;
        }

        var host = new SimCoordinatorHost($"reader.{++_starts}", loop, network, settings, leases, new Random(random.Next()), networkRandom: random);
        var process = _process = new Process(this, host);
        Trace($"START reader.{_starts}");
        loop.Spawn(process.CatchUpAsync);
        foreach (var master in network.Nodes)
        {
            loop.Spawn(() => process.HeartbeatAsync(master.Index));
        }

        loop.Spawn(process.ProbeSessionsAsync);
    }

    /// <summary>Whether the reader serves <paramref name="account"/> (anti-entropy compares it there): accounts, as production's.</summary>
    public static bool Holds(string account) => account.StartsWith("acc-", StringComparison.Ordinal) || ObjectKeys.IsUser(account);

    /// <summary>
    /// A call from <paramref name="from"/> to the reader process, over the network (request and
    /// reply each dropped, delayed or duplicated); never answers if the reader is down or crashes.
    /// </summary>
    public Task<T> CallAsync<T>(SimCoordinatorHost from, Func<Process, Task<T>> handler)
    {
        var reply = new TaskCompletionSource<T>();
        network.Send(from, random, () =>
        {
            if (_process is not { } process)
            {
                return;
            }

            process.Enqueue(async p =>
            {
                var result = await handler(p);
                network.Send(p.Host, random, () =>
                {
                    if (from.Alive)
                    {
                        reply.TrySetResult(result);
                    }
                });
            });
        });
        return reply.Task;
    }

    /// <summary>The reader's range summaries (as the grain's <c>Summary</c>).</summary>
    public Task<ReplicaSummary> SummaryAsync(SimCoordinatorHost from) =>
        CallAsync(from, p => Task.FromResult(new ReplicaSummary(p.CaughtUp, RangeSummary.Of(_file.Accounts.Where(a => a.Exists && Holds(a.Account))).Ranges())));

    /// <summary>One page of the reader's digests (as the grain's <c>Inventory</c>).</summary>
    public Task<ReplicaInventory> InventoryAsync(SimCoordinatorHost from, string start, int limit) =>
        CallAsync(from, p => Task.FromResult(new ReplicaInventory(p.CaughtUp, p.Digests()
            .Where(d => string.CompareOrdinal(d.Account, start) >= 0)
            .OrderBy(d => d.Account, StringComparer.Ordinal)
            .Take(InventoryPages.Checked(limit))
            .ToArray())));

    /// <summary>Anti-entropy's re-feed (as the grain's <c>Resync</c>): the accounts still behind afterwards.</summary>
    public Task<IReadOnlyList<string>> ResyncAsync(SimCoordinatorHost from, IReadOnlyList<string> accounts) =>
        CallAsync(from, p => p.Replication.ResyncAsync(accounts));

    /// <summary>
    /// The reader checks: a prefix of the chosen history throughout (every row it ever held is the
    /// chosen row at that version, with no gap) and, once settled, the chosen state itself.
    /// </summary>
    public IReadOnlyList<string> Check(IReadOnlyList<string> accounts, SimNode chosen)
    {
        var violations = new List<string>(_violations.Take(3));
        foreach (var (account, version, hash) in _held.OrderBy(h => h.Account, StringComparer.Ordinal).ThenBy(h => h.Version))
        {
            if (chosen.Replica.Ledger(account).FirstOrDefault(r => r.Version == version) is not { } row || row.Hash != hash)
            {
                violations.Add($"reader-chosen: the reader held {account} v{version} ({hash[..Math.Min(8, hash.Length)]}), not the chosen row there");
                break;
            }
        }

        if (!CaughtUp)
        {
            violations.Add("reader-converged: the reader never finished catching up after healing");
            return violations;
        }

        foreach (var account in accounts)
        {
            var mine = _file.Transact(s => s.Get(account));
            var theirs = chosen.Replica.Transact(s => s.Get(account));
            if (mine.Version != theirs.Version || mine.Head != theirs.Head || mine.BalanceCents != theirs.BalanceCents)
            {
                violations.Add($"reader-converged: the reader holds {account} v{mine.Version}={mine.BalanceCents}, the masters chose v{theirs.Version}={theirs.BalanceCents}");
            }
        }

        return violations;
    }

    // Session rule against the bound, checked by each probe: a session the reader answers for was
    // not ended by a logout acknowledged longer than the bound ago.
    private void CheckSession(long epoch, ReaderSessionDecision decision)
    {
        var ended = epochEndedBefore(loop.Now - MaxStaleness.Ticks);
        if (decision.Verdict == ReaderSessionVerdict.Valid && epoch < ended && _violations.Count < 3)
        {
            _violations.Add($"reader-stale: at {TimeSpan.FromTicks(loop.Now).TotalMilliseconds:F1}ms the reader accepted a session at epoch {epoch} " +
                $"of {User}, ended by a logout (epoch {ended}) acknowledged over {MaxStaleness.TotalSeconds} s before");
        }
    }

    // Staleness rule for balances, checked by each probe while the reader counts itself fresh:
    // every operation acknowledged over the bound ago, through a master that kept its record
    // until the reader held it, is on the reader.
    private void CheckBalances()
    {
        foreach (var op in feedBoundBefore(loop.Now - MaxStaleness.Ticks))
        {
            if (op.Accounts.FirstOrDefault(a => !_txHeldSince.ContainsKey((a, op.TxId))) is { } missing && _violations.Count < 3)
            {
                _violations.Add($"reader-stale: at {TimeSpan.FromTicks(loop.Now).TotalMilliseconds:F1}ms the reader counted itself fresh " +
                    $"without {op.TxId} on {missing}, acknowledged over {MaxStaleness.TotalSeconds} s before");
                return;
            }
        }
    }

    // Catch-up rule, checked when a catch-up ends: every operation answered committed before the
    // catch-up began is on the reader.
    private void CheckCaughtUp(long began)
    {
        foreach (var op in committedBefore(began))
        {
            if (op.Accounts.FirstOrDefault(a => !_file.Ledger(a).Any(r => r.TxId == op.TxId)) is { } missing)
            {
                _violations.Add($"reader-caught-up: a catch-up that began at {TimeSpan.FromTicks(began).TotalMilliseconds:F1}ms ended " +
                    $"at {TimeSpan.FromTicks(loop.Now).TotalMilliseconds:F1}ms without {op.TxId} on {missing}, committed before it began");
                return;
            }
        }
    }

    // Prefix rule, checked on every write: versions 1..k, each row chained onto the one before,
    // and the account's state at row k.
    private void Observe(IEnumerable<string> accounts)
    {
        foreach (var account in accounts.Distinct(StringComparer.Ordinal))
        {
            var ledger = _file.Ledger(account).OrderBy(r => r.Version).ToArray();
            var state = _file.Transact(s => s.Get(account));
            var contiguous = ledger.Select((r, i) => r.Version == i + 1).All(ok => ok);
            if (!contiguous || !LedgerHash.IsValidChain(0, "", ledger) || state.Version != (ledger.Length == 0 ? 0 : ledger[^1].Version) || (ledger.Length > 0 && state.Head != ledger[^1].Hash))
            {
                _violations.Add($"reader-prefix: at {TimeSpan.FromTicks(loop.Now).TotalMilliseconds:F1}ms the reader's {account} is not a chain from version 1 " +
                    $"(versions {string.Join(",", ledger.Select(r => r.Version))}, state v{state.Version})");
            }

            foreach (var row in ledger)
            {
                _held.Add((row.Account, row.Version, row.Hash));
                _txHeldSince.TryAdd((row.Account, row.TxId), loop.Now);
                if (row.Account == User)
                {
                    _userEpochSince.TryAdd(row.Version, loop.Now);
                }
            }
        }
    }

    // Mutation: the rows above the reader's version are appended as they come, without the gap
    // check (version k+1 next) or the chain check (previous hash = head).
    private ReaderApplyResult ApplyWithoutGapCheck(IReadOnlyList<LedgerEntry> rows) => _file.Transact(s =>
    {
        var applied = 0;
        foreach (var group in rows.GroupBy(r => r.Account, StringComparer.Ordinal))
        {
            var current = s.Get(group.Key);
            var fresh = group.DistinctBy(r => r.Version).Where(r => r.Version > current.Version).OrderBy(r => r.Version).ToArray();
            if (fresh.Length == 0)
            {
                continue;
            }

            foreach (var row in fresh)
            {
                s.Append(row);
                applied++;
            }

            var top = fresh[^1];
            s.Put(current with { Owner = top.Owner, BalanceCents = top.BalanceAfterCents, Version = top.Version, Head = top.Hash, Frozen = false });
        }

        return new ReaderApplyResult(applied, [], []);
    });

    private void Trace(string what) => _trace?.Invoke($"{TimeSpan.FromTicks(loop.Now).TotalMilliseconds,9:F1}ms {what}");

    // One reader process: the production replication over the shared file, its peers over the
    // network. A crashed process writes nothing more (its store refuses) and its calls never answer.
    internal sealed class Process : IReaderStore, IReaderPeers, IReaderFeedSource
    {
        private readonly SimReader _reader;
        private readonly Queue<Func<Process, Task>> _work = new();
        private bool _running;

        public Process(SimReader reader, SimCoordinatorHost host)
        {
            _reader = reader;
            Host = host;
            Replication = new ReaderReplication(this, this, CallTimeout, reader.Loop.Time, new Random(reader.Random.Next()));
            CatchUp = new ReaderCatchUpPass(this, this, Replication, Holds, PageSize, CallTimeout, reader.Loop.Time);
            Staleness = new ReaderStaleness(MaxStaleness, reader.Loop.Time);
        }

        /// <summary>When this process last heard from each master (memory: a new process has heard nothing).</summary>
        public ReaderStaleness Staleness { get; }

        /// <summary>Production's heartbeat loop to one master (the silo's <c>ReaderHeartbeat</c>), through the production poller.</summary>
        public async Task HeartbeatAsync(int master)
        {
            var poller = new ReaderFeedPoller(
                master, $"n{master}", this, this, ApplyCommitsAsync, ReachMarksAsync, CaughtUpSinceAsync, Staleness, 1024, CallTimeout, _reader.Loop.Time);
            while (Host.Alive)
            {
                var more = false;
                try
                {
                    more = await poller.PollAsync(Host.CrashToken);
                }
                catch (Exception) when (Host.Alive)
                {
                    // A master that is down or slow: the reader goes stale on it while it counts as active.
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (!more)
                {
                    await Task.Delay(HeartbeatPeriod, _reader.Loop.Time);
                }
            }
        }

        /// <summary>
        /// The query grains' session check, every 250 ms while the reader serves: the reader's
        /// epoch of the user through the production <see cref="ReaderSessionRule"/>, with the masters
        /// that are up as the active ones (a crashed master commits nothing).
        /// </summary>
        public async Task ProbeSessionsAsync()
        {
            while (Host.Alive)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _reader.Loop.Time);
                if (!Host.Alive || !CaughtUp)
                {
                    continue;
                }

                // Mutation: the staleness bound is never consulted.
                var stale = _reader.Settings.ReaderIgnoresStalenessBound
                    ? null
                    : Staleness.Refusal(_reader.Network.Nodes.Where(n => n.Up).Select(n => $"n{n.Index}").ToArray());
                if (stale is null)
                {
                    _reader.CheckBalances();
                }

                var epoch = GetAccount(User)?.Version ?? 0;
                if (epoch == 0)
                {
                    continue;
                }

                _reader.CheckSession(epoch, ReaderSessionRule.Check(stale, () => GetAccount(User)?.Version ?? 0, epoch));
            }
        }

        // Mutation: the masters' answers carry no account marks (the feed before the feed rule covered balances).
        public Task<UserCommitsPage> PollAsync(int master, string incarnation, long acknowledgedThrough, int limit) =>
            _reader.Network.Call(Host, master, n => n.ReaderFeed.Poll(incarnation, acknowledgedThrough, limit) is var page && _reader.Settings.ReaderFeedWithoutMarks
                ? page with { Marks = null }
                : page);

        // As the grain's CaughtUpSince: through the single writer, a pass unless the last finished
        // one began at or after `since`. Mutation: the restart rule is skipped.
        private Task<bool> CaughtUpSinceAsync(DateTimeOffset since)
        {
            if (_reader.Settings.ReaderSkipsRestartRule)
            {
                return Task.FromResult(true);
            }

            var done = new TaskCompletionSource<bool>();
            Enqueue(async p =>
            {
                done.TrySetResult(p.CatchUp.DoneSince(since) || await p.PassAsync(everyPage: false));
            });
            return done.Task;
        }

        // One catch-up pass, checked when it finishes.
        private async Task<bool> PassAsync(bool everyPage)
        {
            var began = _reader.Loop.Now;
            var result = await CatchUp.RunAsync(everyPage);
            _reader.Trace($"{Host.Id} CATCH-UP from {result.MastersAnswered} masters: done {result.Done}, updated {result.Updated}, failed [{string.Join(",", result.Failed)}]");
            if (result.Done)
            {
                _reader.CheckCaughtUp(began);
            }

            return result.Done;
        }

        // As the grain's Reach: through the single writer.
        private Task ReachMarksAsync(IReadOnlyList<CommitMark> marks)
        {
            var done = new TaskCompletionSource();
            Enqueue(async p =>
            {
                await p.Replication.ReachAsync(marks);
                done.TrySetResult();
            });
            return done.Task;
        }

        // As the grain's ApplyMany: in order, through the single writer.
        private Task ApplyCommitsAsync(IReadOnlyList<CommittedRows> commits)
        {
            var done = new TaskCompletionSource();
            Enqueue(async p =>
            {
                foreach (var commit in commits)
                {
                    await p.Replication.ApplyAsync(commit.Rows);
                }

                done.TrySetResult();
            });
            return done.Task;
        }

        public ReaderCatchUpPass CatchUp { get; }

        public SimCoordinatorHost Host { get; }

        public ReaderReplication Replication { get; }

        public bool CaughtUp { get; private set; }

        public void Enqueue(Func<Process, Task> work)
        {
            _work.Enqueue(work);
            if (!_running)
            {
                _running = true;
                _reader.Loop.Spawn(DrainAsync);
            }
        }

        public async Task CatchUpAsync()
        {
            var pause = TimeSpan.FromMilliseconds(250);
            while (Host.Alive && !CaughtUp)
            {
                var done = new TaskCompletionSource<bool>();
                Enqueue(async p => done.TrySetResult(await p.PassAsync(everyPage: true)));
                if (await done.Task)
                {
                    CaughtUp = true;
                    return;
                }

                await Task.Delay(pause, _reader.Loop.Time);
                pause = TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, pause.Ticks * 2));
            }
        }

        private async Task DrainAsync()
        {
            while (Host.Alive && _work.TryDequeue(out var work))
            {
                try
                {
                    await work(this);
                }
                catch (OperationCanceledException) when (!Host.Alive)
                {
                    return;
                }
            }

            _running = false;
        }

        public ReaderApplyResult Apply(IReadOnlyList<LedgerEntry> rows)
        {
            Alive();
            var result = _reader.Settings.ReaderSkipsGapCheck
                ? _reader.ApplyWithoutGapCheck(rows)
                : _reader._file.Transact(s => ReadReplicaRules.Apply(s, rows));
            if (_reader._trace is not null && (result.Applied > 0 || !result.Complete))
            {
                _reader.Trace($"{Host.Id} APPLY [{string.Join(" ", rows.Select(r => $"{r.Account}:v{r.Version}/{r.Hash[..Math.Min(8, r.Hash.Length)]}<{r.PrevHash[..Math.Min(8, r.PrevHash.Length)]} {r.TxId}"))}]: " +
                    $"applied {result.Applied}, gaps [{string.Join(",", result.Gaps.Select(g => $"{g.Account}>{g.AfterVersion}..{g.UpToVersion}"))}], conflicts [{string.Join(",", result.Conflicts)}]");
            }

            _reader.Observe(rows.Select(r => r.Account));
            return result;
        }

        public void Rebuild(string account, IReadOnlyList<LedgerEntry> history)
        {
            Alive();
            _reader._file.Transact(s =>
            {
                ReadReplicaRules.Rebuild(s, account, history);
                return 0;
            });
            _reader.Trace($"{Host.Id} REBUILT {account} at v{history[^1].Version}");
            _reader.Observe([account]);
        }

        public AccountState? GetAccount(string account) => _reader._file.Transact(s => s.Get(account)) is { Exists: true } state ? state : null;

        public ReplicaDigest? Digest(string account) =>
            _reader._file.Transact(s => s.Get(account).Exists ? ReplicaIntegrity.Digest(s, account) : null);

        public IReadOnlyList<RangeDigest> Summary() =>
            _reader._file.Transact(_ => RangeSummary.Of(_reader._file.Accounts.Where(a => Holds(a.Account))).Ranges());

        public IReadOnlyList<ReplicaDigest> Digests() =>
            _reader._file.Transact(s => _reader._file.Accounts.Where(a => a.Exists).Select(a => ReplicaIntegrity.Digest(s, a.Account)).ToArray());

        public void Applied(IEnumerable<string> accounts)
        {
        }

        // Mutation: every master's summary comes from master 1.
        public Task<ReplicaSummary> SummaryAsync(int master) =>
            _reader.Network.Call(Host, _reader.Settings.ReaderCatchUpAsksOnlyMasterOne ? 1 : master, n => n.Standing == StandingKind.Normal
                ? new ReplicaSummary(n.Voting, n.Replica.Transact(_ => RangeSummary.Of(n.Replica.Accounts).Ranges()))
                : throw new NotVotingException($"n{master} ({n.Standing}) does not serve its summary yet"));

        // Mutations: every page after a range's first comes back empty; every master's pages come from master 1.
        public Task<ReplicaInventory> InventoryAsync(int master, string from, int limit)
        {
            if (_reader.Settings.ReaderCatchUpReadsFirstPageOnly && from.Length > DigestRanges.PrefixLength)
            {
                return Task.FromResult(new ReplicaInventory(true, []));
            }

            return _reader.Network.Call(Host, _reader.Settings.ReaderCatchUpAsksOnlyMasterOne ? 1 : master, n => n.Standing == StandingKind.Normal
                ? new ReplicaInventory(n.Voting, n.Replica.Transact(s => n.Replica.Accounts
                    .Where(a => a.Exists && string.CompareOrdinal(a.Account, from) >= 0)
                    .OrderBy(a => a.Account, StringComparer.Ordinal)
                    .Take(InventoryPages.Checked(limit))
                    .Select(a => ReplicaIntegrity.Digest(s, a.Account))
                    .ToArray()))
                : throw new NotVotingException($"n{master} ({n.Standing}) does not serve its inventory yet"));
        }

        public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
            _reader.Network.Call(Host, master, n => n.Standing == StandingKind.Normal
                ? n.Replica.Transact(s => s.EntriesAfter(account, afterVersion, limit))
                : throw new NotVotingException($"n{master} ({n.Standing}) does not serve rows yet"));

        public Task<AccountState?> ReadChosenAsync(string account) => Host.Coordinator.ReadAsync(account, Host.CrashToken);

        private void Alive()
        {
            if (!Host.Alive)
            {
                throw new OperationCanceledException("the reader process crashed");
            }
        }
    }
}
