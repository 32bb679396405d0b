namespace BankOrleans.Grains.Replication;

/// <summary>
/// A replica declines to answer a vote or a write: it is catching up after a start, or the
/// account's row contradicts its own ledger. Coordinators treat it as a silent peer (a "no").
/// </summary>
public sealed class ReplicaNotServingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReplicaNotServingException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public ReplicaNotServingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public ReplicaNotServingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
