using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Keeps only the candidate silos whose metadata declares the role of a
/// <see cref="RequiredRolePlacementFilter"/>. A silo whose metadata is not known yet (it
/// joined a moment ago) is left out: placing nothing is safer than placing on the wrong role.
/// </summary>
public sealed class RequiredRolePlacementFilterDirector(ISiloMetadataCache siloMetadata) : IPlacementFilterDirector
{
    /// <inheritdoc />
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var role = (filterStrategy as RequiredRolePlacementFilter)?.Role;
        if (string.IsNullOrEmpty(role))
        {
            return [];
        }

        return silos.Where(silo =>
            siloMetadata.GetSiloMetadata(silo).Metadata.TryGetValue(BankSiloMetadata.RoleKey, out var siloRole)
            && string.Equals(siloRole, role, StringComparison.Ordinal));
    }
}
