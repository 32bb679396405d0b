using Orleans.Placement;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Places the activation of an integer-keyed grain (<see cref="Orleans.IGrainWithIntegerKey"/>)
/// with key N on the active silo named <c>master-N</c>. If that silo is not active the call
/// fails with <see cref="PinnedSiloUnavailableException"/>; the grain is never placed elsewhere.
/// </summary>
/// <example><c>[PinnedToMaster] public sealed class LockCouncilGrain : Grain, ILockCouncilGrain</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PinnedToMasterAttribute()
    : PlacementAttribute(new PinnedToNamedSiloPlacement(BankSiloMetadata.MasterNamePrefix));
