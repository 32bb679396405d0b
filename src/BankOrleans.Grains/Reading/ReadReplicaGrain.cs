using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using BankOrleans.Protocol.Coordination;
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
    private ReaderSynchronizer? _sync;
    private OperationCoordinator? _reads;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sync = new ReaderSynchronizer(replica, new ChosenHistory(GrainFactory, recovery.Value.PeerCallTimeout));
        // A proposer of its own, used only for majority reads of accounts whose newest version the
        // masters' digests alone do not prove chosen.
        _reads = coordinators.ForReads(BankSiloNames.Reader);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Apply(CommittedRows committed)
    {
        var result = replica.Store.Apply(committed.Rows);
        if (result.Complete)
        {
            replica.Applied(committed.Rows.Select(r => r.Account));
            return;
        }

        if (result.Conflicts.Count > 0)
        {
            logger.LogWarning("Read replica: committed {TxId} contradicts the reader's copy of {Accounts}; rebuilding them", committed.TxId, result.Conflicts);
            await Resync(result.Conflicts);
        }

        var targets = result.Gaps.Select(g => new ReaderTarget(g.Account, g.UpToVersion, g.ExpectedHead, null));
        if (!await _sync!.ReachAsync(targets, committed.Rows))
        {
            // The anti-entropy pass re-feeds the account later.
            logger.LogWarning("Read replica: could not fill the gap before {TxId}; it stays behind until the next pass", committed.TxId);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> ApplyMany(IReadOnlyList<CommittedRows> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
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
    public async Task<bool> CatchUp()
    {
        if (readiness.IsReady)
        {
            // A retry queued behind the catch-up that succeeded (at a million accounts one takes
            // longer than the caller's response timeout): there is nothing left to do.
            return true;
        }

        var inventories = new List<ReplicaInventory>();
        foreach (var index in BankSiloNames.MasterIndexes)
        {
            try
            {
                var master = GrainFactory.GetGrain<IReplicaGrain>(index);
                inventories.Add(await InventoryPages.ReadAllAsync(master.Inventory, recovery.Value.InventoryPageSize, recovery.Value.PeerCallTimeout));
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // A master that is down: the others decide.
            }
        }

        if (inventories.Count < 2)
        {
            return false;
        }

        var local = replica.Store.Digests().ToDictionary(d => d.Account, StringComparer.Ordinal);
        // Accounts, and user objects: their versions are the session epochs the reader checks.
        var stale = inventories
            .SelectMany(i => i.Accounts)
            .Where(d => AccountNumber.IsValid(d.Account) || ObjectKeys.IsUser(d.Account))
            .GroupBy(d => d.Account, StringComparer.Ordinal)
            .Where(g => !local.TryGetValue(g.Key, out var mine) || !mine.Intact || g.Any(d => d.Version != mine.Version || d.Head != mine.Head))
            .Select(g => g.Key)
            .ToArray();
        var failed = await Resync(stale);
        if (failed.Count > 0)
        {
            logger.LogWarning("Read replica: catch-up could not bring {Count} accounts up to date yet", failed.Count);
            return false;
        }

        readiness.MarkReady();
        logger.LogInformation("Read replica caught up ({Count} accounts updated); serving queries", stale.Length);
        return true;
    }

    /// <inheritdoc />
    public Task<ReplicaInventory> Inventory(string from, int limit) =>
        Task.FromResult(new ReplicaInventory(readiness.IsReady, replica.Store.Digests(from, InventoryPages.Checked(limit))));

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> Resync(IReadOnlyList<string> accounts)
    {
        var failed = new List<string>();
        foreach (var account in accounts.Distinct(StringComparer.Ordinal))
        {
            // The chosen state from a majority read (completing it first if needed): its head
            // names exactly the row the reader must end at.
            var chosen = await _reads!.ReadAsync(account);
            if (chosen is null)
            {
                failed.Add(account);
                continue;
            }

            var mine = replica.Store.Digest(account);
            if (!chosen.Exists || (mine is { Intact: true } && mine.Version == chosen.Version && mine.Head == chosen.Head))
            {
                continue;
            }

            var target = new ReaderTarget(account, chosen.Version, chosen.Head, null);
            var onlyBehind = mine is null || (mine.Intact && mine.Version < chosen.Version);
            if (onlyBehind && await _sync!.ReachAsync([target], []))
            {
                continue;
            }

            if (!await RebuildAsync(target))
            {
                failed.Add(account);
            }
        }

        return failed;
    }

    // The reader's copy contradicts the chosen history (or its own ledger): replace it whole.
    private async Task<bool> RebuildAsync(ReaderTarget target)
    {
        var history = new ChosenHistory(GrainFactory, recovery.Value.PeerCallTimeout);
        var rows = await history.FetchAsync(target.Account, 0, "", target.Version, target.IsCommitted);
        if (rows is null || rows.Count == 0)
        {
            return false;
        }

        replica.Store.Rebuild(target.Account, rows);
        replica.Applied([target.Account]);
        logger.LogWarning("Read replica: rebuilt {Account} from the masters at version {Version}", target.Account, target.Version);
        // The other legs of its transfers come along, so the reader stays a consistent cut.
        var counterparts = rows
            .Where(r => r.IsTransferLeg && r.Counterparty is not null && replica.VersionOf(r.Counterparty) < r.CounterpartyVersion)
            .Select(r => new ReaderTarget(r.Counterparty!, r.CounterpartyVersion, null, r.TxId));
        return await _sync!.ReachAsync(counterparts, []);
    }
}
