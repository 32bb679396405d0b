using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Recovery;

/// <summary>
/// What a master's replica does after it starts, before it votes (docs/protocol.md, "Lost disks").
/// The recovery protocol of Viewstamped Replication, kept for a replica that has a disk:
/// <list type="bullet">
/// <item><b>Normal</b> (the file proves it holds what it acknowledged): catch up on what the other
/// replicas have that it lacks, voting itself, and vote after at most the catch-up deadline.</item>
/// <item><b>Unformed</b> (a new file on a new disk): ask both peers. If both are new or hold
/// nothing, the cluster is being founded and nothing can be lost; otherwise this file replaces a
/// lost one and the replica is recovering.</item>
/// <item><b>Recovering</b>: wait until both other replicas are normal and answer; repair by majority
/// every account where this replica differs from either of them, with this replica refusing to
/// promise or accept (so the majority is the two others); then raise its promise on every object
/// either of them holds to the higher of their two promises, and only then vote. No deadline
/// turns it into a voter.</item>
/// </list>
/// </summary>
/// <param name="local">The replica that started.</param>
/// <param name="peers">The other two replicas.</param>
/// <param name="reconcile">
/// Repairs a batch of accounts by majority into the local replica and answers whether it now holds
/// the chosen state of each (the coordinator's reconciliation, with the local replica as the only
/// replica that must hold it).
/// </param>
/// <param name="timing">Call timeout, retry delay and the normal replica's deadline.</param>
/// <param name="time">The clock.</param>
public sealed class ReplicaRecovery(
    IStartingReplica local,
    IRecoveryPeers peers,
    Func<IReadOnlyCollection<string>, CancellationToken, Task<bool>> reconcile,
    RecoveryTiming timing,
    TimeProvider time)
{
    /// <summary>Accounts repaired in one reconciliation (one lease and one ballot).</summary>
    public const int BatchSize = 32;

    private const int QuietAttemptsBeforeVoting = 3;

    /// <summary>Accounts repaired so far.</summary>
    public int Repaired { get; private set; }

    private int[] Others => Enumerable.Range(1, 3).Where(i => i != local.Index).ToArray();

    /// <summary>
    /// Runs until the replica may vote: it is normal and has caught up (or, being normal, its
    /// deadline passed). Completes only when cancelled otherwise.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (local.Standing.Kind == StandingKind.Unformed)
        {
            if (!await DecideFormationAsync(cancellationToken))
            {
                await Task.Delay(timing.RetryDelay, time, cancellationToken);
            }
        }

        while (local.Standing.Kind == StandingKind.Recovering)
        {
            if (!await RecoverAsync(cancellationToken))
            {
                await Task.Delay(timing.RetryDelay, time, cancellationToken);
            }
        }

        await CatchUpAsync(cancellationToken);
    }

    // Formation rule: found only when both peers answered and neither holds anything; become
    // recovering as soon as one peer shows that the cluster exists.
    private async Task<bool> DecideFormationAsync(CancellationToken cancellationToken)
    {
        var standings = await AskAllAsync(peers.StandingAsync, cancellationToken);
        if (standings.Any(s => s is { Kind: StandingKind.Recovering } or { Kind: StandingKind.Normal, HoldsState: true }))
        {
            await local.BeginRecoveryAsync();
            return true;
        }

        if (standings.All(s => s is not null))
        {
            await local.FoundAsync();
            return true;
        }

        return false;
    }

    // Recovery rule: both others normal and answering; every account where this replica differs
    // from either is repaired by their majority; then the promises, then the vote. A coordinator
    // holding a promise this replica forgot was promised by one of the two others on that object
    // too, so its ballot is at most what they hold there now.
    private async Task<bool> RecoverAsync(CancellationToken cancellationToken)
    {
        var inventories = await AskAllAsync(peers.InventoryAsync, cancellationToken, timing.InventoryTimeout);
        if (inventories.Any(i => i is null || !i.Ready))
        {
            return false;
        }

        var mine = local.Digests().ToDictionary(d => d.Account, StringComparer.Ordinal);
        var differing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var theirs in inventories.SelectMany(i => i!.Accounts))
        {
            if (!mine.TryGetValue(theirs.Account, out var own) || !own.Intact || own.Version != theirs.Version || own.Head != theirs.Head)
            {
                differing.Add(theirs.Account);
            }
        }

        foreach (var batch in differing.Chunk(BatchSize))
        {
            if (!await reconcile(batch, cancellationToken))
            {
                return false;
            }

            Repaired += batch.Length;
        }

        var promises = await AskAllAsync(peers.PromisesAsync, cancellationToken, timing.InventoryTimeout);
        if (promises.Any(p => p is null))
        {
            return false;
        }

        var highest = new Dictionary<string, Ballot>(StringComparer.Ordinal);
        foreach (var promise in promises.SelectMany(p => p!))
        {
            highest[promise.Account] = highest.TryGetValue(promise.Account, out var known) ? Ballot.Max(known, promise.Promised) : promise.Promised;
        }

        await local.CompleteRecoveryAsync(highest.Select(kv => new AccountPromise(kv.Key, kv.Value)).ToArray());
        return true;
    }

    // A normal replica: repair what the others have and it lacks, voting itself; serve after a few
    // tries with nobody answering (the whole cluster is starting) or at the deadline.
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timing.CatchUpDeadline;
        var quiet = 0;
        while (time.GetUtcNow() < deadline)
        {
            var inventories = await AskAllAsync(peers.InventoryAsync, cancellationToken, timing.InventoryTimeout);
            var answered = inventories.Where(i => i is not null).Select(i => i!).ToArray();
            if (answered.Length == 0 && ++quiet < QuietAttemptsBeforeVoting)
            {
                await Task.Delay(timing.RetryDelay, time, cancellationToken);
                continue;
            }

            var behind = Behind(answered);
            if (behind.Count == 0)
            {
                return;
            }

            var progress = false;
            foreach (var batch in behind.Chunk(BatchSize))
            {
                if (await reconcile(batch, cancellationToken))
                {
                    Repaired += batch.Length;
                    progress = true;
                }
            }

            if (!progress)
            {
                await Task.Delay(timing.RetryDelay, time, cancellationToken);
            }
        }
    }

    private IReadOnlyList<string> Behind(IEnumerable<ReplicaInventory> inventories)
    {
        var mine = local.Digests().ToDictionary(d => d.Account, StringComparer.Ordinal);
        var behind = new SortedSet<string>(mine.Values.Where(d => !d.Intact).Select(d => d.Account), StringComparer.Ordinal);
        foreach (var theirs in inventories.SelectMany(i => i.Accounts).Where(d => d.Intact))
        {
            if (!mine.TryGetValue(theirs.Account, out var own)
                || own.Version < theirs.Version
                || (own.Version == theirs.Version && own.Head != theirs.Head))
            {
                behind.Add(theirs.Account);
            }
        }

        return behind.ToArray();
    }

    // One bounded call to each other replica, at once; null where a peer failed or stayed silent.
    private async Task<T?[]> AskAllAsync<T>(Func<int, CancellationToken, Task<T>> ask, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where T : class
    {
        var calls = Others.Select(async peer =>
        {
            try
            {
                return await ask(peer, cancellationToken).WaitAsync(timeout ?? timing.PeerCallTimeout, time, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        });
        return await Task.WhenAll(calls);
    }
}
