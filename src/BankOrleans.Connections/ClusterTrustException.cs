namespace BankOrleans.Connections;

/// <summary>The cluster CA certificate cannot be used: missing file, not a certificate, not a CA.</summary>
public sealed class ClusterTrustException : Exception
{
    /// <summary>Creates the exception with a message that names the file.</summary>
    public ClusterTrustException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the file.</summary>
    public ClusterTrustException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ClusterTrustException()
    {
    }
}
