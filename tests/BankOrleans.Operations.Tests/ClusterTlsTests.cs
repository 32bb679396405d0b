using System.Text.Json;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// TLS between real silo processes and with the console client (ARCHITECTURE.md 5a): a silo
/// must hold a certificate from the cluster's CA to join, and a client only talks to a gateway
/// whose certificate chains to that CA.
/// </summary>
// Not beside the PostgreSQL test's four silos: on 2 cores the clients here then missed their connect deadline.
[Collection("silo processes")]
public sealed class ClusterTlsTests(ClusterTlsFixture cluster) : IClassFixture<ClusterTlsFixture>
{
    private static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silo_with_the_cluster_certificate_joins_the_cluster()
    {
        var (silo, _) = cluster.Start("master-3", cluster.Cluster);

        await ClusterTlsFixture.WaitUntilAsync("master-3 Active", () => cluster.Status("master-3") == ClusterTlsFixture.Active, silo);
    }

    [Fact]
    public async Task Silo_with_a_certificate_from_another_ca_cannot_join_the_cluster()
    {
        // A well-formed silo in every other way: its certificate and CA agree with each other.
        var (intruder, _) = cluster.Start("master-2", cluster.Other);

        // Joining silos ping every active silo first; it reports when master-1 did not answer.
        var becameActive = false;
        await ClusterTlsFixture.WaitUntilAsync("master-2's report that master-1 did not answer its ping", () =>
        {
            becameActive |= cluster.Status("master-2") == ClusterTlsFixture.Active;
            return becameActive || LogContains(intruder.LogFile, "Failed to get ping responses from 1 of 1 active silos");
        }, intruder, failIfExited: false);

        Assert.False(becameActive, "master-2 became Active with a certificate from another CA");
        Assert.NotEqual(ClusterTlsFixture.Active, cluster.Status("master-2"));
        Assert.Equal(ClusterTlsFixture.Active, cluster.Status("master-1"));
    }

    [Fact]
    public async Task Client_that_does_not_trust_the_cluster_ca_cannot_connect_to_a_gateway()
    {
        // First the gateway serves a client with the cluster's CA (on a loaded machine a client's
        // 10-s connect deadline can pass before the first start-up completes: up to 3 attempts).
        var trusted = await AdminStatusAsync(cluster.Cluster.CaFile);
        for (var attempt = 1; attempt < 3 && trusted.ExitCode != 0; attempt++)
        {
            trusted = await AdminStatusAsync(cluster.Cluster.CaFile);
        }

        var refused = await AdminStatusAsync(cluster.Other.CaFile);

        Assert.Equal(4, refused.ExitCode);
        var answer = JsonDocument.Parse(refused.StandardOutput).RootElement;
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Contains("is not from the cluster CA", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The same command with the cluster's CA is served: the refusal was the certificate's.
        Assert.True(trusted.ExitCode == 0, $"admin status with the cluster CA: {trusted.Output}");
    }

    private Task<DotnetRun> AdminStatusAsync(string caFile) =>
        DotnetRun.RunAsync(RepoPaths.ClientDll, ["--json", "--gateway", cluster.Gateway, "admin", "status"], new Dictionary<string, string>
        {
            ["BANK_CLUSTER_CA"] = caFile,
            ["BANK_OPERATOR_TOKEN"] = cluster.OperatorToken,
        }, ClientLimit);

    private static bool LogContains(string file, string text)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Contains(text, StringComparison.Ordinal);
    }
}
