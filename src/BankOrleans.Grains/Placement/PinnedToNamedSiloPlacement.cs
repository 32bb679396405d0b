using Orleans.Metadata;
using Orleans.Runtime;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Placement strategy: integer grain key N goes to the active silo named
/// <c><see cref="SiloNamePrefix"/>N</c>. The prefix travels in the grain type's properties.
/// </summary>
public sealed class PinnedToNamedSiloPlacement : PlacementStrategy
{
    private const string PrefixProperty = "bank.placement.silo-name-prefix";

    /// <summary>Creates an uninitialized strategy; Orleans calls this, then <see cref="Initialize"/>.</summary>
    public PinnedToNamedSiloPlacement()
        : this(BankSiloMetadata.MasterNamePrefix)
    {
    }

    /// <summary>Creates a strategy pinning key N to the silo named <paramref name="siloNamePrefix"/>N.</summary>
    public PinnedToNamedSiloPlacement(string siloNamePrefix)
    {
        SiloNamePrefix = siloNamePrefix;
    }

    /// <summary>The silo name prefix, e.g. <c>master-</c>.</summary>
    public string SiloNamePrefix { get; private set; }

    /// <summary>
    /// False: placement alone finds the one silo that may host key N, so the grain directory adds
    /// nothing, and using it costs availability. Orleans deactivates every activation whose
    /// directory entry lived on a silo that dies, so killing the reader used to deactivate council
    /// members (losing their leases, then a quiet period) and the anti-entropy grain (stopping its timer).
    /// </summary>
    public override bool IsUsingGrainDirectory => false;

    /// <inheritdoc />
    public override void Initialize(GrainProperties properties)
    {
        if (properties.Properties.TryGetValue(PrefixProperty, out var prefix) && !string.IsNullOrEmpty(prefix))
        {
            SiloNamePrefix = prefix;
        }
    }

    /// <inheritdoc />
    public override void PopulateGrainProperties(IServiceProvider services, Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        base.PopulateGrainProperties(services, grainClass, grainType, properties);
        properties[PrefixProperty] = SiloNamePrefix;
    }
}
