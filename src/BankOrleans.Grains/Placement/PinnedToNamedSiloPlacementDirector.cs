using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Chooses the silo for a <see cref="PinnedToNamedSiloPlacement"/> grain: among the compatible
/// silos (after role filters), the active one whose membership name is prefix + integer key.
/// When a silo restarted and its old incarnation is not yet declared dead, the newest
/// generation wins.
/// </summary>
public sealed class PinnedToNamedSiloPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    /// <inheritdoc />
    /// <exception cref="PinnedSiloUnavailableException">The key is not an integer, or no active silo has the name.</exception>
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var prefix = (strategy as PinnedToNamedSiloPlacement)?.SiloNamePrefix ?? BankSiloMetadata.MasterNamePrefix;
        if (!target.GrainIdentity.TryGetIntegerKey(out var key, out _))
        {
            throw new PinnedSiloUnavailableException(
                $"Grain {target.GrainIdentity} is pinned to a named silo but has no integer key.");
        }

        var siloName = prefix + key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var members = membership.CurrentSnapshot.Members;
        SiloAddress? chosen = null;
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (members.TryGetValue(silo, out var member)
                && member.Status == SiloStatus.Active
                && string.Equals(member.Name, siloName, StringComparison.Ordinal)
                && (chosen is null || silo.Generation > chosen.Generation))
            {
                chosen = silo;
            }
        }

        return chosen is not null
            ? Task.FromResult(chosen)
            : throw new PinnedSiloUnavailableException(
                $"Grain {target.GrainIdentity} is pinned to silo '{siloName}', which is not active in the cluster.");
    }
}
