using BankOrleans.Contracts.Council;
using BankOrleans.Grains.Hosting;
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
    public async Task<IReadOnlyList<LeaseReply>> RequestLeases(IReadOnlyList<LeaseRequest> requests)
    {
        var replies = new LeaseReply[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            replies[i] = await RequestLease(requests[i]);
        }

        return replies;
    }

    /// <inheritdoc />
    public Task ReleaseLeases(IReadOnlyList<LeaseRelease> releases)
    {
        foreach (var release in releases)
        {
            _member!.Release(release.Coordinator, release.Accounts);
        }

        return Task.CompletedTask;
    }
}
