using System.Collections.Frozen;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Grains.Trust;

/// <summary>
/// The grain methods a client may call (ARCHITECTURE §5a): the customer surface (users, account writes,
/// account reads, balance queries), which checks the session itself; the operator surface (<c>admin verify</c>,
/// <c>admin replicas</c>), which checks the operator credential itself; and the few read-only
/// methods of Orleans' own that an Orleans client needs to work. Everything else — every
/// protocol grain, any interface added later, the rest of Orleans' system interfaces — serves
/// silos only: it is closed unless it is listed here.
/// </summary>
public static class ClientSurface
{
    // An interface with no method list is open whole; otherwise only the listed methods are.
    private static readonly FrozenDictionary<Type, FrozenSet<string>?> BankInterfaces = new Dictionary<Type, FrozenSet<string>?>
    {
        [typeof(IUserGrain)] = null,
        [typeof(IAccountGrain)] = null,
        [typeof(IAccountWritesGrain)] = null,
        [typeof(IAccountQueryGrain)] = null,
        [typeof(IReplicaAuditGrain)] = null,
        // admin status: the silos the cluster knows, which a client's gateway list reveals anyway.
        [typeof(IManagementGrain)] = FrozenSet.ToFrozenSet([nameof(IManagementGrain.GetHosts), nameof(IManagementGrain.GetDetailedHosts)]),
    }.ToFrozenDictionary();

    // Orleans' internal interfaces cannot be named by type from here.
    private static readonly FrozenDictionary<string, FrozenSet<string>?> OrleansInternalInterfaces = new Dictionary<string, FrozenSet<string>?>
    {
        // Every Orleans client asks a gateway for the cluster's grain manifest (read-only).
        ["Orleans.Runtime.IClusterManifestSystemTarget"] = null,
    }.ToFrozenDictionary();

    /// <summary>Whether a client may call <paramref name="method"/> of <paramref name="grainInterface"/>.</summary>
    public static bool Allows(Type grainInterface, string method)
    {
        ArgumentNullException.ThrowIfNull(grainInterface);
        if (BankInterfaces.TryGetValue(grainInterface, out var methods)
            || (grainInterface.FullName is { } name && OrleansInternalInterfaces.TryGetValue(name, out methods)))
        {
            return methods is null || methods.Contains(method);
        }

        return false;
    }
}
