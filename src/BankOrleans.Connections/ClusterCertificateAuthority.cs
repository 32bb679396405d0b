using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BankOrleans.Connections;

/// <summary>
/// Creates the cluster's private CA and the cluster certificate it issues, as PEM files in a
/// secrets directory (<see cref="ClusterCertificateFiles"/>). Idempotent: files that exist are
/// kept, so running it on every <c>./bank up</c> changes nothing once they are there. Private
/// keys are created with mode 0600 and written to a temporary file first, so a crash leaves
/// either the whole key or none.
/// </summary>
public static class ClusterCertificateAuthority
{
    /// <summary>The subject of a cluster CA, followed by a random id that tells two clusters' CAs apart in messages.</summary>
    public const string CaSubjectPrefix = "CN=BankOrleans cluster CA ";

    /// <summary>The subject (and DNS name) of the cluster certificate.</summary>
    public const string CertificateName = "bank-silo";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(825);

    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Makes whichever of the CA and the cluster certificate is missing in <paramref name="directory"/>
    /// (created with mode 0700 if needed).
    /// </summary>
    /// <returns>The names of the files written; empty when everything was already there.</returns>
    /// <exception cref="InvalidOperationException">
    /// A certificate exists without its key (or the reverse): the message says which, and that
    /// removing both makes new ones.
    /// </exception>
    public static IReadOnlyList<string> EnsureFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the cluster's key files rely on Unix file modes (0600)");
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var written = new List<string>();
        var caCert = Path.Combine(directory, ClusterCertificateFiles.CaCertificate);
        var caKey = Path.Combine(directory, ClusterCertificateFiles.CaKey);
        var cert = Path.Combine(directory, ClusterCertificateFiles.Certificate);
        var key = Path.Combine(directory, ClusterCertificateFiles.Key);

        var havePair = RequireBothOrNeither(cert, key);
        if (havePair)
        {
            // The CA key may have been removed on purpose (no more certificates to issue); the
            // CA certificate cannot be, since it is the trust anchor of the pair that exists.
            return File.Exists(caCert) ? written
                : throw new InvalidOperationException($"{cert} exists without {caCert}; remove {cert} and {key} to make a new CA and pair");
        }

        X509Certificate2 ca;
        if (RequireBothOrNeither(caCert, caKey))
        {
            ca = X509Certificate2.CreateFromPemFile(caCert, caKey);
        }
        else
        {
            ca = CreateCa();
            WritePem(caKey, ca.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), PrivateMode);
            WritePem(caCert, ca.ExportCertificatePem(), PublicMode);
            written.Add(ClusterCertificateFiles.CaKey);
            written.Add(ClusterCertificateFiles.CaCertificate);
        }

        using (ca)
        using (var issued = Issue(ca))
        {
            WritePem(key, issued.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), PrivateMode);
            WritePem(cert, issued.ExportCertificatePem(), PublicMode);
            written.Add(ClusterCertificateFiles.Key);
            written.Add(ClusterCertificateFiles.Certificate);
        }

        return written;
    }

    private static bool RequireBothOrNeither(string certificate, string key)
    {
        var (haveCertificate, haveKey) = (File.Exists(certificate), File.Exists(key));
        if (haveCertificate != haveKey)
        {
            throw new InvalidOperationException(
                $"{(haveCertificate ? certificate : key)} exists without {(haveCertificate ? key : certificate)}; remove both to make a new pair");
        }

        return haveCertificate;
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CaSubjectPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CertificateName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // A silo is a TLS server (silo port, gateway port) and a TLS client (its outbound silo connections).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(ClusterTrust.ServerAuthenticationOid), new Oid(ClusterTrust.ClientAuthenticationOid)], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(CertificateName);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + CertificateLifetime < ca.NotAfter ? now + CertificateLifetime : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    [UnsupportedOSPlatform("windows")]
    private static void WritePem(string path, string pem, UnixFileMode mode)
    {
        var temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode };
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
    }
}
