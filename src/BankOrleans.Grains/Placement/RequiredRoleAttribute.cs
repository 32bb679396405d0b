using BankOrleans.Topology;
using Orleans.Placement;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Restricts a grain class to silos whose metadata declares the given role
/// (<see cref="BankSiloMetadata.RoleKey"/>). An activation is never created on a silo of
/// another role; if no active silo has the role, the call fails with an
/// <see cref="Orleans.Runtime.OrleansException"/> ("No active nodes are compatible…").
/// </summary>
/// <example><c>[RequiredRole(SiloRoles.Master)] public sealed class AccountGrain : Grain, IAccountGrain</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiredRoleAttribute(string role)
    : PlacementFilterAttribute(new RequiredRolePlacementFilter(role))
{
    /// <summary>The role the silo must declare.</summary>
    public string Role { get; } = role;
}
