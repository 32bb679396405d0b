using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Messaging;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Council;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Council;

/// <summary>
/// Hosts council member N on master-N. The epoch lives in Orleans grain state on the silo's own
/// SQLite file; the leases live in memory and are lost on restart, which the member's quiet
/// period after activation makes safe.
/// </summary>
// Always active: an idle deactivation would cost a quiet period (one lease) on the next request.
[PinnedToMaster]
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class LockCouncilGrain(
    [PersistentState("epoch", CouncilStorage.Name)] IPersistentState<CouncilEpochState> epoch,
    IOptions<ProtocolTimingOptions> timing,
    TimeProvider time) : Grain, ILockCouncilGrain
{
    private CouncilMember? _member;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Activation rule: bump the epoch durably before issuing any ballot. A concurrent duplicate
        // activation fails this write on its etag and never issues a ballot from a stale epoch.
        epoch.State.Epoch++;
        await epoch.WriteStateAsync(cancellationToken);
        _member = new CouncilMember((int)this.GetPrimaryKeyLong(), epoch.State.Epoch, time, timing.Value.LeaseDuration);
    }

    /// <inheritdoc />
    public async Task<LeaseReply> RequestLease(LeaseRequest request)
    {
        var member = _member!;
        if (member.EpochNeededFor(request.Above) is { } needed)
        {
            epoch.State.Epoch = Math.Max(epoch.State.Epoch, needed);
            await epoch.WriteStateAsync();
            member.AdvanceEpoch(epoch.State.Epoch);
        }

        return member.Request(request);
    }

    /// <inheritdoc />
    public Task ReleaseLease(string coordinator, IReadOnlyList<string> accounts)
    {
        _member!.Release(coordinator, accounts);
        return Task.CompletedTask;
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
