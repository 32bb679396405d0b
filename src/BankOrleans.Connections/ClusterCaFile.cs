namespace BankOrleans.Connections;

/// <summary>
/// Where a client finds the cluster CA certificate that the gateways' certificate must chain
/// to: <c>BANK_CLUSTER_CA</c>, else <c>$BANK_DATA_DIR/secrets/cluster-ca.crt</c>, else
/// <c>./data/secrets/cluster-ca.crt</c> (what <c>./bank up</c> writes). <c>./bank</c> exports
/// <c>BANK_CLUSTER_CA</c> for the commands it runs. Only the public certificate is needed.
/// </summary>
public static class ClusterCaFile
{
    /// <summary>The environment variable naming the CA certificate file.</summary>
    public const string EnvironmentVariable = "BANK_CLUSTER_CA";

    /// <summary>
    /// The CA certificate file from the environment (read through <paramref name="environment"/>,
    /// the process environment by default), or the default under the data directory.
    /// </summary>
    public static string Resolve(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(EnvironmentVariable) is { Length: > 0 } named)
        {
            return named;
        }

        var dataDir = environment("BANK_DATA_DIR") is { Length: > 0 } dir ? dir : "data";
        return InDataDirectory(dataDir);
    }

    /// <summary>The CA certificate <c>./bank up</c> writes for the cluster whose data directory is <paramref name="dataDirectory"/>.</summary>
    public static string InDataDirectory(string dataDirectory) =>
        Path.Combine(dataDirectory, "secrets", ClusterCertificateFiles.CaCertificate);
}
