using BankOrleans.Contracts.Messaging;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Replica;
using Orleans.Concurrency;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// Replica N on master-N: the acceptor of the write path over the silo's SQLite file. Writes go
/// through the silo's <see cref="ReplicaWriter"/> (group commit, durable before each answer).
/// Until the silo's catch-up has finished (<see cref="ReplicaReadiness"/>) it refuses prepares
/// and accepts as a silent peer would; a damaged account (its row contradicts the ledger)
/// never votes or accepts (<see cref="ReplicaGuard"/>). A file that cannot prove its state
/// (recovering or unformed, ARCHITECTURE §5b) answers nothing but its standing: every read a
/// peer might count toward a majority (digests, versions, owners, rows) is refused too.
/// </summary>
// Reentrant: concurrent requests meet in the writer's next batch (one fsync for all of them).
[PinnedToMaster]
[Reentrant]
public sealed class ReplicaGrain(ReplicaStoreHolder replica, ReplicaWriter writer, ReplicaReadiness readiness) : Grain, IReplicaGrain
{
    /// <inheritdoc />
    public Task<PrepareReply> Prepare(PrepareRequest request)
    {
        EnsureCaughtUp();
        return writer.SubmitAsync(s => ReplicaGuard.Prepare(s, request));
    }

    /// <inheritdoc />
    public Task<AcceptReply> Accept(AcceptRequest request)
    {
        EnsureCaughtUp();
        return writer.SubmitAsync(s => ReplicaGuard.Accept(s, request));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchItem<PrepareReply>>> PrepareMany(IReadOnlyList<PrepareRequest> requests) =>
        ManyAsync(requests, Prepare);

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchItem<AcceptReply>>> AcceptMany(IReadOnlyList<AcceptRequest> requests) =>
        ManyAsync(requests, Accept);

    /// <inheritdoc />
    public Task<InstallReply> Install(InstallRequest request)
    {
        // A recovering file counts toward no majority, installs included; its own recovery
        // installs into it directly (CatchUpPeers).
        EnsureNormal();
        return writer.SubmitAsync(s => ReplicaRules.Install(s, request));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadEntries(string account, long afterVersion, int limit)
    {
        EnsureNormal();
        return Task.FromResult(replica.Store.ReadEntries(account, afterVersion, limit));
    }

    /// <inheritdoc />
    public Task<ReplicaStanding> Standing() => Task.FromResult(replica.Store.Standing());

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountPromise>> Promises(string from, int limit)
    {
        EnsureNormal();
        return Task.FromResult(replica.Store.Promises(from, InventoryPages.Checked(limit)));
    }

    /// <inheritdoc />
    public Task<AccountState?> GetAccount(string account)
    {
        EnsureNormal();
        return Task.FromResult(replica.Store.GetAccount(account));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">More than <see cref="IReplicaGrain.MaxVersionKeys"/> keys.</exception>
    public Task<IReadOnlyList<long>> Versions(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keys.Count, IReplicaGrain.MaxVersionKeys, nameof(keys));
        EnsureNormal();
        return Task.FromResult(replica.Store.Versions(keys));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountState>> OwnedBy(string owner)
    {
        EnsureNormal();
        return Task.FromResult(replica.Store.OwnedBy(owner));
    }

    /// <inheritdoc />
    public Task<ReplicaInventory> Inventory(string from, int limit)
    {
        EnsureNormal();
        return Task.FromResult(new ReplicaInventory(readiness.IsReady, replica.Store.Digests(from, InventoryPages.Checked(limit))));
    }

    /// <inheritdoc />
    public Task<ReplicaSummary> Summary()
    {
        EnsureNormal();
        return Task.FromResult(new ReplicaSummary(readiness.IsReady, replica.Store.Summary()));
    }

    /// <inheritdoc />
    public Task<ReplicaDigest?> Digest(string account)
    {
        EnsureNormal();
        return Task.FromResult(replica.Store.Digest(account));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">More than <see cref="IReplicaGrain.MaxVersionKeys"/> accounts.</exception>
    public Task<ReplicaInventory> DigestsOf(IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(accounts.Count, IReplicaGrain.MaxVersionKeys, nameof(accounts));
        EnsureNormal();
        return Task.FromResult(new ReplicaInventory(readiness.IsReady, replica.Store.Digests(accounts)));
    }

    /// <inheritdoc />
    public Task SetFrozen(IReadOnlyList<string> accounts, bool frozen)
    {
        EnsureNormal();
        return writer.SubmitAsync(s => ReplicaRules.SetFrozen(s, accounts, frozen));
    }

    // Each request takes the single call's own path (readiness check, then the writer) and every
    // one is submitted before any is awaited, so a whole batch usually shares one fsync; each
    // keeps its own outcome, exactly as if it had come in its own message.
    private static async Task<IReadOnlyList<BatchItem<TReply>>> ManyAsync<TRequest, TReply>(
        IReadOnlyList<TRequest> requests, Func<TRequest, Task<TReply>> single)
        where TReply : class
    {
        var pending = requests.Select(request => Started(single, request)).ToArray();
        var answers = new BatchItem<TReply>[pending.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            answers[i] = await BatchItems.AnswerAsync(pending[i]);
        }

        return answers;
    }

    // A request refused at once (not caught up, a writer shutting down) throws before it returns
    // a task: that request's own fault, not the batch's.
    private static Task<TReply> Started<TRequest, TReply>(Func<TRequest, Task<TReply>> single, TRequest request)
    {
        try
        {
            return single(request);
        }
        catch (Exception exception)
        {
            return Task.FromException<TReply>(exception);
        }
    }

    private void EnsureCaughtUp()
    {
        if (!readiness.IsReady)
        {
            throw new ReplicaNotServingException(readiness.Damage is { } damage
                ? $"this replica's file is damaged ({damage}) and votes on nothing until it is rebuilt at restart"
                : "this replica is catching up after a start and does not vote yet");
        }
    }

    private void EnsureNormal()
    {
        if (replica.Store.Identity.Standing != StandingKind.Normal || readiness.Damage is not null)
        {
            throw new ReplicaNotServingException($"this replica is {replica.Store.Identity.Standing} and answers no peer until it has recovered");
        }
    }
}
