using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Placement;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Registers the bank's placement strategies on a silo: <see cref="RequiredRoleAttribute"/>
/// and <see cref="PinnedToMasterAttribute"/>. Silos must also publish their role and name
/// through <c>UseSiloMetadata</c> (the silo's <c>UseBankSilo</c> does both).
/// </summary>
public static class BankPlacementHostingExtensions
{
    /// <summary>Adds the role filter and the pinned-to-named-silo director.</summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddBankPlacement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Transient: each grain type gets its own strategy instance initialized from that type's
        // properties; a singleton would share one role/prefix across all grain types.
        builder.Services.AddPlacementFilter<RequiredRolePlacementFilter, RequiredRolePlacementFilterDirector>(ServiceLifetime.Transient);
        builder.Services.AddPlacementDirector<PinnedToNamedSiloPlacement, PinnedToNamedSiloPlacementDirector>(ServiceLifetime.Transient);
        return builder;
    }
}
