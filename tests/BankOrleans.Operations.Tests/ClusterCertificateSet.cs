namespace BankOrleans.Operations.Tests;

/// <summary>
/// A cluster CA with its cluster certificate, made in <see cref="Directory"/> by the silo's own
/// <c>--make-certificates</c> (what <c>./bank up</c> runs).
/// </summary>
internal sealed record ClusterCertificateSet(string Directory)
{
    public string CaFile => Path.Combine(Directory, "cluster-ca.crt");

    public string CaKeyFile => Path.Combine(Directory, "cluster-ca.key");

    public string CertificateFile => Path.Combine(Directory, "cluster.crt");

    public string KeyFile => Path.Combine(Directory, "cluster.key");

    /// <summary>The silo settings that make a silo present this set's certificate and trust its CA.</summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment => new Dictionary<string, string>
    {
        ["BANK_Bank__Tls__CertificateFile"] = CertificateFile,
        ["BANK_Bank__Tls__KeyFile"] = KeyFile,
        ["BANK_Bank__Tls__CaFile"] = CaFile,
    };

    public static async Task<ClusterCertificateSet> MakeAsync(string directory)
    {
        var run = await MakeFilesAsync(directory);
        Assert.True(run.ExitCode == 0, $"--make-certificates failed ({run.ExitCode}): {run.Output}");
        return new ClusterCertificateSet(directory);
    }

    public static Task<DotnetRun> MakeFilesAsync(string directory) =>
        DotnetRun.RunAsync(RepoPaths.SiloDll, ["--make-certificates", directory], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));
}
