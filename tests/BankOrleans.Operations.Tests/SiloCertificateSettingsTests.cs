using System.Globalization;
using System.Security.Cryptography;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// A silo whose cluster certificate settings are missing or wrong does not start: it exits with
/// the bad-configuration code and a message that names the setting.
/// </summary>
public sealed class SiloCertificateSettingsTests : IAsyncLifetime
{
    private const int ExitBadConfiguration = 2;
    private DirectoryInfo _work = null!;
    private ClusterCertificateSet _cluster = null!;
    private ClusterCertificateSet _other = null!;

    public async Task InitializeAsync()
    {
        _work = Directory.CreateTempSubdirectory("bank-tls-settings-");
        _cluster = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "cluster"));
        _other = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "other"));
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Silo_without_certificate_settings_refuses_to_start_naming_them()
    {
        var run = await StartSiloAsync(new Dictionary<string, string>());

        Assert.Equal(ExitBadConfiguration, run.ExitCode);
        Assert.Contains("Bank:Tls:CaFile is required", run.Output, StringComparison.Ordinal);
        Assert.Contains("Bank:Tls:CertificateFile is required", run.Output, StringComparison.Ordinal);
        Assert.Contains("Bank:Tls:KeyFile is required", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_with_a_missing_certificate_file_refuses_to_start_naming_the_setting()
    {
        var missing = Path.Combine(_work.FullName, "no-such.crt");
        var run = await StartSiloAsync(new Dictionary<string, string>(_cluster.SiloEnvironment)
        {
            ["BANK_Bank__Tls__CertificateFile"] = missing,
        });

        Assert.Equal(ExitBadConfiguration, run.ExitCode);
        Assert.Contains($"Bank:Tls:CertificateFile: file not found: '{missing}'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_with_a_certificate_from_another_ca_refuses_to_start_naming_the_settings()
    {
        var run = await StartSiloAsync(new Dictionary<string, string>(_cluster.SiloEnvironment)
        {
            ["BANK_Bank__Tls__CertificateFile"] = _other.CertificateFile,
            ["BANK_Bank__Tls__KeyFile"] = _other.KeyFile,
        });

        Assert.Equal(ExitBadConfiguration, run.ExitCode);
        Assert.Contains($"Bank:Tls:CertificateFile: '{_other.CertificateFile}'", run.Output, StringComparison.Ordinal);
        Assert.Contains("is not issued by the cluster CA in Bank:Tls:CaFile", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_with_a_key_that_does_not_belong_to_its_certificate_refuses_to_start_naming_the_settings()
    {
        var run = await StartSiloAsync(new Dictionary<string, string>(_cluster.SiloEnvironment)
        {
            ["BANK_Bank__Tls__KeyFile"] = _other.KeyFile,
        });

        Assert.True(run.ExitCode == ExitBadConfiguration, run.Output);
        Assert.Contains("Bank:Tls:CertificateFile and Bank:Tls:KeyFile: cannot load", run.Output, StringComparison.Ordinal);
    }

    private async Task<DotnetRun> StartSiloAsync(Dictionary<string, string> tls)
    {
        var ports = FreePorts.Take(3);
        var environment = new Dictionary<string, string>(tls)
        {
            ["BANK_DATA_DIR"] = Path.Combine(_work.FullName, "data"),
            ["BANK_Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["BANK_Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["BANK_Health__Port"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["BANK_Dashboard__Port"] = "0",
            ["BANK_Bank__Security__OperatorToken"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
            ["BANK_Bank__Security__SessionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        // Bounded: a silo that starts anyway is killed (by pid) and the test fails.
        return await DotnetRun.RunAsync(
            RepoPaths.SiloDll, ["--config", Path.Combine(RepoPaths.Root, "silo-config", "master-1.json")], environment, TimeSpan.FromSeconds(60));
    }
}
