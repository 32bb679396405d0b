using Orleans.Runtime;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Thrown to the caller when a grain pinned to one named silo cannot be placed because that
/// silo is not an active member of the cluster (or the grain key does not name a silo).
/// Callers treat it as "that replica/council member is unavailable right now".
/// </summary>
[Serializable]
[GenerateSerializer]
public sealed class PinnedSiloUnavailableException : OrleansException
{
    /// <summary>Creates the exception with a default message.</summary>
    public PinnedSiloUnavailableException()
        : base("The silo this grain is pinned to is not active.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public PinnedSiloUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and an inner exception.</summary>
    public PinnedSiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
