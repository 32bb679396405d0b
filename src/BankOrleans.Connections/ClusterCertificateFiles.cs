namespace BankOrleans.Connections;

/// <summary>
/// The names of the cluster's TLS files in a secrets directory (<c>$BANK_DATA_DIR/secrets</c> for
/// <c>./bank up</c>, <c>secrets/</c> for docker-compose.yml). All are PEM. The two keys are
/// written with mode 0600 and never leave that directory; the CA certificate is public and is
/// what clients need.
/// </summary>
public static class ClusterCertificateFiles
{
    /// <summary>The cluster CA's certificate: the only trust anchor of silos and clients.</summary>
    public const string CaCertificate = "cluster-ca.crt";

    /// <summary>The cluster CA's private key: needed only to issue a cluster certificate; no silo reads it.</summary>
    public const string CaKey = "cluster-ca.key";

    /// <summary>The cluster certificate every silo presents (silo port and gateway port), issued by the CA.</summary>
    public const string Certificate = "cluster.crt";

    /// <summary>The private key of <see cref="Certificate"/>.</summary>
    public const string Key = "cluster.key";
}
