using System.Security.Cryptography;

namespace BankOrleans.Operations.Tests;

/// <summary>The silo's <c>--make-certificates DIR</c>, which <c>./bank up</c> and <c>./bank compose-secrets</c> run.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClusterCertificateFilesTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("bank-certs-");

    [Fact]
    public async Task Make_certificates_writes_the_keys_readable_by_the_owner_only()
    {
        var set = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "secrets"));

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(set.KeyFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(set.CaKeyFile));
        Assert.True(File.Exists(set.CertificateFile));
        Assert.True(File.Exists(set.CaFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(set.Directory));
    }

    [Fact]
    public async Task Make_certificates_keeps_existing_files_unchanged()
    {
        var set = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "secrets"));
        var before = Hashes(set);

        var again = await ClusterCertificateSet.MakeFilesAsync(set.Directory);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("kept the existing files", again.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, Hashes(set));
    }

    [Fact]
    public async Task Make_certificates_reissues_a_missing_cluster_certificate_from_the_existing_ca()
    {
        var set = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "secrets"));
        var ca = File.ReadAllText(set.CaFile);
        File.Delete(set.CertificateFile);
        File.Delete(set.KeyFile);

        var again = await ClusterCertificateSet.MakeFilesAsync(set.Directory);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(ca, File.ReadAllText(set.CaFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(set.KeyFile));
        using var caCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(ca);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(set.CertificateFile);
        Assert.Equal(caCertificate.Subject, certificate.Issuer);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private static string[] Hashes(ClusterCertificateSet set) =>
        [.. new[] { set.CaFile, set.CaKeyFile, set.CertificateFile, set.KeyFile }.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))];
}
