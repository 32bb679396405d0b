namespace BankOrleans.Grains.Placement;

/// <summary>Which masters the cluster's membership shows active.</summary>
internal static class ActiveMasters
{
    /// <summary>The lowest index N of an active <c>master-N</c>, or null when no master is active.</summary>
    public static int? Lowest(IClusterMembershipService membership)
    {
        int? lowest = null;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && BankSiloNames.TryMasterIndex(member.Name, out var index) && (lowest is null || index < lowest))
            {
                lowest = index;
            }
        }

        return lowest;
    }

    /// <summary>The names of the masters the membership shows active.</summary>
    public static IReadOnlyList<string> Names(IClusterMembershipService membership) =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && BankSiloNames.TryMasterIndex(m.Name, out _))
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
