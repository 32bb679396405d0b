using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Placement filter strategy behind <see cref="RequiredRoleAttribute"/>. The role travels in
/// the grain type's properties, so one strategy type serves every role; Orleans resolves a
/// fresh (transient) instance per grain type and initializes it from those properties.
/// </summary>
public sealed class RequiredRolePlacementFilter : PlacementFilterStrategy
{
    private const string RoleProperty = "role";

    /// <summary>Creates an uninitialized filter; Orleans calls this, then <c>Initialize</c>.</summary>
    public RequiredRolePlacementFilter()
        : this(string.Empty)
    {
    }

    /// <summary>Creates a filter for <paramref name="role"/>.</summary>
    public RequiredRolePlacementFilter(string role)
        : base(order: 0)
    {
        Role = role;
    }

    /// <summary>The role a silo must declare to host the grain.</summary>
    public string Role { get; private set; }

    /// <inheritdoc />
    public override void AdditionalInitialize(GrainProperties properties)
    {
        var role = GetPlacementFilterGrainProperty(RoleProperty, properties);
        if (string.IsNullOrWhiteSpace(role))
        {
            throw new ArgumentException($"Grain type property '{RoleProperty}' of {nameof(RequiredRolePlacementFilter)} is missing.");
        }

        Role = role;
    }

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services, Type grainClass, GrainType grainType, IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new KeyValuePair<string, string>(RoleProperty, Role);
    }
}
