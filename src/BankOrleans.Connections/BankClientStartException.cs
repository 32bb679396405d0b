namespace BankOrleans.Connections;

/// <summary>A bank client did not start: no gateway took the connection in time, or one was refused.</summary>
public sealed class BankClientStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BankClientStartException(string? rejectedCertificate, Exception innerException)
        : base(rejectedCertificate is null
            ? "the Orleans client did not connect to any gateway: " + innerException.Message
            : $"refused a gateway whose certificate ({rejectedCertificate}) is not from the cluster CA", innerException)
    {
        RejectedCertificate = rejectedCertificate;
    }

    /// <summary>
    /// The last gateway certificate <see cref="ClusterTrust"/> refused, if any: then trying again
    /// will not help.
    /// </summary>
    public string? RejectedCertificate { get; }
}
