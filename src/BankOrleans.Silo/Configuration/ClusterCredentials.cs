using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BankOrleans.Connections;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>
/// The loaded <see cref="ClusterCertificateOptions"/>: the cluster certificate with its private
/// key, and the trust pinned to the cluster CA. Loading checks everything a TLS handshake would
/// find out too late: the files exist, the key belongs to the certificate, and the certificate
/// is issued by the configured CA and valid now for TLS server and client authentication.
/// </summary>
public sealed class ClusterCredentials : IDisposable
{
    private ClusterCredentials(X509Certificate2 certificate, ClusterTrust trust)
    {
        Certificate = certificate;
        Trust = trust;
    }

    /// <summary>The certificate this silo presents, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Trust pinned to the cluster CA, for the peers' certificates.</summary>
    public ClusterTrust Trust { get; }

    /// <summary>Loads the credentials.</summary>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong; each failure names its setting.</exception>
    public static ClusterCredentials Load(ClusterCertificateOptions options)
    {
        var (credentials, failures) = TryLoad(options);
        return credentials ?? throw new OptionsValidationException(string.Empty, typeof(ClusterCertificateOptions), failures);
    }

    /// <summary>The failures of <paramref name="options"/>, each naming its setting; empty when the credentials load.</summary>
    public static IReadOnlyList<string> Check(ClusterCertificateOptions options)
    {
        var (credentials, failures) = TryLoad(options);
        credentials?.Dispose();
        return failures;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        Trust.Dispose();
    }

    private static (ClusterCredentials? Credentials, IReadOnlyList<string> Failures) TryLoad(ClusterCertificateOptions options)
    {
        const string S = ClusterCertificateOptions.SectionName;
        var failures = new List<string>();
        RequireFile(failures, $"{S}:{nameof(ClusterCertificateOptions.CaFile)}", options.CaFile, "the cluster CA certificate");
        RequireFile(failures, $"{S}:{nameof(ClusterCertificateOptions.CertificateFile)}", options.CertificateFile, "the cluster certificate");
        RequireFile(failures, $"{S}:{nameof(ClusterCertificateOptions.KeyFile)}", options.KeyFile, "the cluster certificate's private key");
        if (failures.Count > 0)
        {
            return (null, failures);
        }

        ClusterTrust trust;
        try
        {
            trust = ClusterTrust.Load(options.CaFile);
        }
        catch (ClusterTrustException ex)
        {
            return (null, [$"{S}:{nameof(ClusterCertificateOptions.CaFile)}: {ex.Message}"]);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // ArgumentException: a well-formed key of another certificate.
            trust.Dispose();
            return (null, [$"{S}:{nameof(ClusterCertificateOptions.CertificateFile)} and {S}:{nameof(ClusterCertificateOptions.KeyFile)}: " +
                $"cannot load '{Path.GetFullPath(options.CertificateFile)}' with the key in '{Path.GetFullPath(options.KeyFile)}' " +
                $"(not PEM, or the key does not belong to the certificate): {ex.Message}"]);
        }

        if (!trust.IsClusterServer(certificate) || !trust.IsClusterClient(certificate))
        {
            failures.Add($"{S}:{nameof(ClusterCertificateOptions.CertificateFile)}: '{Path.GetFullPath(options.CertificateFile)}' ({certificate.Subject}) " +
                $"is not issued by the cluster CA in {S}:{nameof(ClusterCertificateOptions.CaFile)} ('{Path.GetFullPath(options.CaFile)}'), " +
                $"or is not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u}) for TLS server and client authentication.");
            certificate.Dispose();
            trust.Dispose();
            return (null, failures);
        }

        return (new ClusterCredentials(certificate, trust), failures);
    }

    private static void RequireFile(List<string> failures, string key, string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.Add($"{key} is required: {what} (./bank up writes it to $BANK_DATA_DIR/secrets/).");
        }
        else if (!File.Exists(path))
        {
            failures.Add($"{key}: file not found: '{Path.GetFullPath(path)}' ({what}).");
        }
    }
}
