namespace BankOrleans.ClusterControl.Tests;

/// <summary>The layout read from the environment: port offset, data directory, limits.</summary>
public sealed class ClusterLayoutTests
{
    [Fact]
    public void Port_offset_shifts_every_port_of_every_silo()
    {
        var layout = Read(("BANK_PORT_OFFSET", "300"));

        Assert.Equal(new LocalSilo("master-1", "master", 11411, 30301, 9401, 8380), layout.Silos[0]);
        Assert.Equal(new LocalSilo("reader", "reader", 11414, 30304, 9404, null), layout.Silos[3]);
        Assert.Equal("127.0.0.1:30301,127.0.0.1:30302,127.0.0.1:30303,127.0.0.1:30304", layout.GatewayList());
        Assert.Equal("127.0.0.1:30301,127.0.0.1:30302,127.0.0.1:30303", layout.GatewayList("master"));
        Assert.Equal("http://127.0.0.1:8380/dashboard/", layout.DashboardUrl);
        Assert.Equal([11411, 30301, 9401, 8380], layout.Silos[0].Ports());
    }

    [Fact]
    public void Defaults_are_offset_zero_data_under_the_root_and_60_and_20_seconds()
    {
        var layout = Read();

        Assert.Equal(30001, layout.Silos[0].GatewayPort);
        Assert.Equal(RepoRoot.Path + "/data", layout.DataDir);
        Assert.Equal(RepoRoot.Path + "/data/secrets/cluster-ca.crt", layout.ClusterCaFile);
        Assert.Equal(TimeSpan.FromSeconds(60), layout.UpTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), layout.StopTimeout);
    }

    [Theory]
    [InlineData("", "/repo/data")]
    [InlineData("d", "/repo/d")]
    [InlineData("./x/y", "/repo/./x/y")]
    [InlineData("/tmp/bank", "/tmp/bank")]
    public void Data_directory_is_relative_to_the_root_unless_absolute(string setting, string expected) =>
        Assert.Equal(expected, ClusterLayout.DataDirectory("/repo", setting));

    [Theory]
    [InlineData("BANK_PORT_OFFSET", "-5")]
    [InlineData("BANK_PORT_OFFSET", "12a")]
    [InlineData("BANK_UP_TIMEOUT", "1.5")]
    [InlineData("BANK_STOP_TIMEOUT", "x")]
    public void A_setting_that_is_not_a_number_is_bad_usage(string variable, string value)
    {
        var ex = Assert.Throws<ClusterExitException>(() => Read((variable, value)));

        Assert.Equal(2, ex.ExitCode);
        Assert.Equal($"{variable} must be a number", ex.Reason);
    }

    [Fact]
    public void Inherited_cluster_ca_wins_over_the_data_directory_one()
    {
        Assert.Equal("/elsewhere/ca.crt", Read(("BANK_CLUSTER_CA", "/elsewhere/ca.crt")).ClusterCaFile);
    }

    private static ClusterLayout Read(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return ClusterLayout.Read(RepoRoot.Path, name => environment.GetValueOrDefault(name));
    }
}
