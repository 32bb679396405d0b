using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Messaging;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Council;
using BankOrleans.Contracts.Replication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Council;

/// <summary>
/// Hosts council member N on master-N. The epoch lives in Orleans grain state on the silo's own
/// SQLite file, and every epoch is recorded by another member before the first ballot in it
/// (<see cref="CouncilEpochRule"/>), so a member whose file is lost picks an epoch above all it
/// used. The leases live in memory and are lost on restart, which the member's quiet period
/// after activation makes safe.
/// </summary>
// Always active: an idle deactivation would cost a quiet period (one lease) on the next request.
[PinnedToMaster]
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class LockCouncilGrain(
    [PersistentState("epoch", CouncilStorage.Name)] IPersistentState<CouncilEpochState> epoch,
    IOptions<ProtocolTimingOptions> timing,
    IOptions<RecoveryOptions> recovery,
    TimeProvider time,
    ILogger<LockCouncilGrain> logger) : Grain, ILockCouncilGrain
{
    private CouncilMember? _member;

    private int Index => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public async Task<LeaseReply> RequestLease(LeaseRequest request)
    {
        if (await EstablishedAsync() is not { } member)
        {
            // No epoch it may issue in yet: a refusal, like the quiet period.
            return new LeaseReply(false, Ballot.Zero, time.GetUtcNow(), null);
        }

        if (member.EpochNeededFor(request.Above) is { } needed)
        {
            if (!await AdoptAsync(Math.Max(epoch.State.Epoch, needed)))
            {
                return new LeaseReply(false, Ballot.Zero, time.GetUtcNow(), null);
            }

            member.AdvanceEpoch(epoch.State.Epoch);
        }

        return member.Request(request);
    }

    /// <inheritdoc />
    public Task ReleaseLease(string coordinator, IReadOnlyList<string> accounts)
    {
        _member?.Release(coordinator, accounts);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RecordEpoch(int member, long recorded)
    {
        if (recorded > epoch.State.PeerEpochs.GetValueOrDefault(member))
        {
            epoch.State.PeerEpochs[member] = recorded;
            await epoch.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<CouncilEpochRecord> EpochRecord(int member) =>
        Task.FromResult(new CouncilEpochRecord(epoch.State.PeerEpochs.GetValueOrDefault(member), _member is null ? 0 : epoch.State.Epoch));

    // Activation rule: the first request of an activation picks its epoch (CouncilEpochRule), puts it
    // on the member's own file and on another member, and only then does the member issue ballots.
    // A duplicate activation fails the write on its etag and never issues from a stale epoch.
    private async Task<CouncilMember?> EstablishedAsync()
    {
        if (_member is not null)
        {
            return _member;
        }

        long? own = epoch.RecordExists && epoch.State.Epoch > 0 ? epoch.State.Epoch : null;
        var records = own is null ? await AskPeersAsync(peer => peer.EpochRecord(Index)) : [];
        if (CouncilEpochRule.NextEpoch(own, records.Select(r => r?.Recorded).ToArray()) is not { } next)
        {
            return null;
        }

        if (own is null)
        {
            logger.LogWarning("Council member {Member} has no state file: epoch {Epoch} from the other members' records", Index, next);
            foreach (var (peer, record) in Peers.Zip(records))
            {
                if (record is { OwnEpoch: > 0 })
                {
                    epoch.State.PeerEpochs[peer] = Math.Max(epoch.State.PeerEpochs.GetValueOrDefault(peer), record.OwnEpoch);
                }
            }
        }

        epoch.State.FileId ??= Guid.NewGuid().ToString("N");
        if (!await AdoptAsync(next))
        {
            return null;
        }

        _member = new CouncilMember(Index, next, time, timing.Value.LeaseDuration);
        return _member;
    }

    // An epoch goes on this member's file, then on the other members; at least one must record it.
    private async Task<bool> AdoptAsync(long next)
    {
        epoch.State.Epoch = next;
        await epoch.WriteStateAsync();
        var recorded = await AskPeersAsync(async peer =>
        {
            await peer.RecordEpoch(Index, next);
            return true;
        });
        return recorded.Any(r => r);
    }

    private int[] Peers => Enumerable.Range(1, 3).Where(i => i != Index).ToArray();

    private async Task<T?[]> AskPeersAsync<T>(Func<ILockCouncilGrain, Task<T>> ask)
    {
        var timeout = recovery.Value.PeerCallTimeout;
        return await Task.WhenAll(Peers.Select(async peer =>
        {
            try
            {
                return (T?)await ask(GrainFactory.GetGrain<ILockCouncilGrain>(peer)).WaitAsync(timeout);
            }
            catch (Exception)
            {
                return default;
            }
        }));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchItem<LeaseReply>>> Handle(IReadOnlyList<CouncilRequest> requests)
    {
        var answers = new BatchItem<LeaseReply>[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                answers[i] = requests[i] switch
                {
                    { Lease: { } lease, Release: null } => BatchItem<LeaseReply>.Answered(await RequestLease(lease)),
                    { Lease: null, Release: { } release } => await ReleasedAsync(release),
                    _ => throw new ArgumentException("a council request is exactly one vote or one release", nameof(requests)),
                };
            }
            catch (Exception exception)
            {
                answers[i] = BatchItems.FaultOf<LeaseReply>(exception);
            }
        }

        return answers;
    }

    private async Task<BatchItem<LeaseReply>> ReleasedAsync(LeaseRelease release)
    {
        await ReleaseLease(release.Coordinator, release.Accounts);
        return BatchItem<LeaseReply>.Done;
    }
}
