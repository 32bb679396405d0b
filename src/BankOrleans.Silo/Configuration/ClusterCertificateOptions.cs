namespace BankOrleans.Silo.Configuration;

/// <summary>
/// The silo's TLS identity (<c>Bank:Tls</c>): the cluster certificate it presents on its silo
/// port, on its gateway port and to the silos it calls, and the cluster CA that every peer
/// silo's certificate must chain to. There are no defaults: a silo without these settings does
/// not start. <c>./bank up</c> points them at <c>$BANK_DATA_DIR/secrets/</c>, docker-compose.yml
/// at the Docker secrets in <c>/run/secrets/</c>. The files hold a private key: the paths are
/// settings, the contents are never logged.
/// </summary>
public sealed class ClusterCertificateOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Bank:Tls";

    /// <summary>The cluster certificate (PEM), issued by the cluster CA for TLS server and client authentication.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>The private key of <see cref="CertificateFile"/> (PEM, PKCS#8; mode 0600).</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>The cluster CA certificate (PEM): the only CA this silo trusts for peer silos.</summary>
    public string CaFile { get; set; } = string.Empty;
}
