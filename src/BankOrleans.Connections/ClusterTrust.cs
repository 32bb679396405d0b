using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BankOrleans.Connections;

/// <summary>
/// Trust pinned to the cluster's own CA: a peer certificate is accepted only when it chains to
/// that one CA certificate, is valid now and allows the usage asked for. The operating system's
/// trust store plays no part (a certificate from a public CA is refused), and neither does the
/// peer's host name: only the bank's private CA issues certificates, and it issues them only to
/// silos, so holding one is what makes a process a silo. Silos reach each other by IP address
/// (127.0.0.1 locally, container addresses under compose), so a name check would add nothing.
/// </summary>
public sealed class ClusterTrust : IDisposable
{
    /// <summary>Extended key usage "TLS server authentication".</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage "TLS client authentication".</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _ca;
    private string? _lastRejected;

    /// <summary>Pins trust to <paramref name="ca"/> (the public certificate is enough; it is disposed with this object).</summary>
    public ClusterTrust(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        _ca = ca;
    }

    /// <summary>The CA certificate trust is pinned to.</summary>
    public X509Certificate2 Ca => _ca;

    /// <summary>
    /// The subject and issuer of the last peer certificate refused, or null: lets a client say
    /// "the gateway's certificate is not from the cluster CA" instead of "cannot reach".
    /// </summary>
    public string? LastRejected => Volatile.Read(ref _lastRejected);

    /// <summary>Loads the CA certificate (PEM or DER) from <paramref name="path"/>.</summary>
    /// <exception cref="ClusterTrustException">The file is missing or holds no CA certificate; the message names the path.</exception>
    public static ClusterTrust Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new ClusterTrustException($"file not found: {Path.GetFullPath(path)}");
        }

        X509Certificate2 ca;
        try
        {
            ca = X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new ClusterTrustException($"not a certificate: {Path.GetFullPath(path)} ({ex.Message})");
        }

        if (ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            var subject = ca.Subject;
            ca.Dispose();
            throw new ClusterTrustException($"{Path.GetFullPath(path)} is not a CA certificate ({subject})");
        }

        return new ClusterTrust(ca);
    }

    /// <summary>True when <paramref name="peer"/> was issued by the cluster CA and may act as a TLS server.</summary>
    public bool IsClusterServer(X509Certificate2 peer) => Verify(peer, ServerAuthenticationOid);

    /// <summary>True when <paramref name="peer"/> was issued by the cluster CA and may act as a TLS client.</summary>
    public bool IsClusterClient(X509Certificate2 peer) => Verify(peer, ClientAuthenticationOid);

    /// <summary>
    /// For <c>TlsOptions.RemoteCertificateValidation</c> on a TLS client: accepts the server's
    /// certificate when <see cref="IsClusterServer"/>. The platform's verdict
    /// (<paramref name="errors"/>, built against the OS trust store) is deliberately ignored.
    /// </summary>
    public bool ValidateServer(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors) => IsClusterServer(certificate);

    /// <summary>
    /// For <c>TlsOptions.RemoteCertificateValidation</c> on a TLS server that requires client
    /// certificates: accepts the client's certificate when <see cref="IsClusterClient"/>.
    /// </summary>
    public bool ValidateClient(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors) => IsClusterClient(certificate);

    /// <inheritdoc />
    public void Dispose() => _ca.Dispose();

    private bool Verify(X509Certificate2 peer, string usage)
    {
        if (Chains(peer, usage))
        {
            return true;
        }

        Volatile.Write(ref _lastRejected, $"{peer.Subject}, issued by {peer.Issuer}");
        return false;
    }

    private bool Chains(X509Certificate2 peer, string usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        // A private CA publishes no revocation lists; a compromised cluster key is answered by a new CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!chain.Build(peer))
        {
            return false;
        }

        // CustomRootTrust already limits the anchor to the store; the explicit check keeps a
        // self-signed peer that happens to be in the chain's extra store from passing.
        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(_ca.RawDataMemory.Span);
    }
}
