using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The read replica's only writer, on the reader silo (ARCHITECTURE §4). It applies committed
/// operations as their coordinators send them; rows after a gap wait until the gap is filled
/// from the masters' chosen history. The grain is not reentrant, so batches apply one at a time.
/// </summary>
[RequiredRole(SiloRoles.Reader)]
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class ReadReplicaGrain(
    ReadReplica replica,
    ReplicaReadiness readiness,
    IOptions<RecoveryOptions> recovery,
    CoordinatorFactory coordinators,
    ILogger<ReadReplicaGrain> logger) : Grain, IReadReplicaGrain
{
    private ReaderReplication? _replication;
    private ReaderCatchUpPass? _catchUp;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A proposer of its own, used only for majority reads of accounts whose newest version the
        // masters' digests alone do not prove chosen.
        var reads = coordinators.ForReads(BankSiloNames.Reader);
        var peers = new GrainReaderPeers(GrainFactory, reads);
        _replication = new ReaderReplication(
            replica,
            peers,
            recovery.Value.PeerCallTimeout,
            TimeProvider.System,
            Random.Shared,
            (account, version) => logger.LogWarning("Read replica: rebuilt {Account} from the masters at version {Version}", account, version));
        _catchUp = new ReaderCatchUpPass(
            peers,
            replica,
            _replication,
            // Accounts, and user objects: their versions are the session epochs the reader checks.
            key => AccountNumber.IsValid(key) || ObjectKeys.IsUser(key),
            recovery.Value.InventoryPageSize,
            recovery.Value.PeerCallTimeout,
            TimeProvider.System);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Apply(CommittedRows committed)
    {
        var result = await _replication!.ApplyAsync(committed.Rows);
        if (result.Conflicts.Count > 0)
        {
            logger.LogWarning("Read replica: committed {TxId} contradicted the reader's copy of {Accounts}; rebuilt them", committed.TxId, result.Conflicts);
        }

        if (result.Behind)
        {
            // The anti-entropy pass re-feeds the account later.
            logger.LogWarning("Read replica: could not fill the gap before {TxId}; it stays behind until the next pass", committed.TxId);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> ApplyMany(IReadOnlyList<CommittedRows> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (readiness.Damage is not null)
        {
            // A damaged file is not written: the masters keep the commits unacknowledged, and the
            // restarted reader rebuilds its file from them.
            return new bool[batch.Count];
        }

        var results = replica.Store.ApplyMany(batch.Select(c => c.Rows).ToArray());
        var complete = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is { Complete: true })
            {
                replica.Applied(batch[i].Rows.Select(r => r.Account));
                complete[i] = true;
            }
            else
            {
                // A gap, a conflict or a failure: the single-operation path, in order (rows the
                // transaction already holds are ignored there).
                await Apply(batch[i]);
            }
        }

        return complete;
    }

    /// <inheritdoc />
    public async Task<bool> Reach(IReadOnlyList<CommitMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var reached = await _replication!.ReachAsync(marks);
        if (!reached)
        {
            logger.LogWarning("Read replica: could not fetch {Count} commits the feed lost yet; the heartbeat asks again", marks.Count);
        }

        return reached;
    }

    /// <inheritdoc />
    public async Task<bool> CatchUp()
    {
        if (readiness.IsReady)
        {
            // A retry queued behind the catch-up that succeeded (at a million accounts one takes
            // longer than the caller's response timeout): there is nothing left to do.
            return true;
        }

        var result = await PassAsync(everyPage: true);
        if (!result.Done)
        {
            return false;
        }

        readiness.MarkReady();
        logger.LogInformation("Read replica caught up ({Count} accounts updated); serving queries", result.Updated);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> CaughtUpSince(DateTimeOffset since)
    {
        if (_catchUp!.DoneSince(since))
        {
            return true;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await PassAsync(everyPage: false);
        if (result.Done)
        {
            logger.LogInformation(
                "Read replica: caught up again after a master's feed started a new life ({Count} accounts updated, {Seconds:0.0} s)",
                result.Updated,
                clock.Elapsed.TotalSeconds);
        }

        return result.Done;
    }

    private async Task<ReaderCatchUpResult> PassAsync(bool everyPage)
    {
        var result = await _catchUp!.RunAsync(everyPage);
        if (!result.Done && result.Failed.Count > 0)
        {
            logger.LogWarning("Read replica: catch-up could not bring {Count} accounts up to date yet", result.Failed.Count);
        }

        return result;
    }

    /// <inheritdoc />
    public Task<ReplicaInventory> Inventory(string from, int limit) =>
        Task.FromResult(new ReplicaInventory(readiness.IsReady, replica.Store.Digests(from, InventoryPages.Checked(limit))));

    /// <inheritdoc />
    public Task<ReplicaSummary> Summary() => Task.FromResult(new ReplicaSummary(readiness.IsReady, replica.Store.Summary()));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> Resync(IReadOnlyList<string> accounts) => _replication!.ResyncAsync(accounts);

    // The masters as the reader's replication reaches them: their replica grains, and majority reads by the reader's own proposer.
    private sealed class GrainReaderPeers(IGrainFactory grains, OperationCoordinator reads) : IReaderPeers
    {
        public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
            grains.GetGrain<IReplicaGrain>(master).ReadEntries(account, afterVersion, limit);

        public Task<AccountState?> ReadChosenAsync(string account) => reads.ReadAsync(account);

        public Task<ReplicaSummary> SummaryAsync(int master) => grains.GetGrain<IReplicaGrain>(master).Summary();

        public Task<ReplicaInventory> InventoryAsync(int master, string from, int limit) =>
            grains.GetGrain<IReplicaGrain>(master).Inventory(from, limit);
    }
}
