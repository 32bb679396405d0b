using System.Text.Json.Nodes;
using BankOrleans.Topology;

namespace BankOrleans.Operations.Tests;

/// <summary>The topology as silo-config/*.json defines it, and what loading refuses.</summary>
public sealed class BankTopologyTests
{
    [Fact]
    public void Embedded_topology_is_the_repository_silo_config()
    {
        var local = BankTopology.Local;
        var files = BankTopology.LoadDirectory(Path.Combine(RepoPaths.Root, "silo-config"));

        Assert.Equal(files.Silos, local.Silos);
        Assert.Equal(["master-1", "master-2", "master-3", "reader"], local.Names);
        Assert.Equal(["master-1", "master-2", "master-3"], local.MasterNames);
        Assert.Equal(new SiloPlace("master-1", SiloRoles.Master, 1, 11111, 30001, 9101, 8080), local.Silos[0]);
        Assert.Equal(new SiloPlace("reader", SiloRoles.Reader, 0, 11114, 30004, 9104, null), local.Reader);
        Assert.Equal("master-1", local.DashboardSilo.Name);
        Assert.Equal("bank", local.ClusterId);
        Assert.Equal("bank-orleans", local.ServiceId);
    }

    [Fact]
    public void Local_gateways_follow_the_port_offset()
    {
        Assert.Equal(["127.0.0.1:30001", "127.0.0.1:30002", "127.0.0.1:30003", "127.0.0.1:30004"], BankTopology.Local.LocalGateways());
        Assert.Equal(["127.0.0.1:32101", "127.0.0.1:32102", "127.0.0.1:32103", "127.0.0.1:32104"], BankTopology.Local.LocalGateways(2100));
    }

    [Theory]
    [InlineData("master-2", SiloRoles.Master)]
    [InlineData("reader", SiloRoles.Reader)]
    [InlineData("master-4", SiloRoles.Unknown)]
    [InlineData(null, SiloRoles.Unknown)]
    public void Role_of_a_name_comes_from_the_topology(string? name, string role) =>
        Assert.Equal(role, BankTopology.Local.RoleOf(name));

    [Fact]
    public void Duplicate_port_is_refused_naming_both_silos()
    {
        var files = RepoFiles();
        Set(files, "master-2.json", "Silo", "GatewayPort", 30001);

        var ex = Assert.Throws<BankTopologyException>(() => BankTopology.Parse(Files(files)));

        Assert.Equal(["port 30001 is used more than once (master-1 Silo:GatewayPort, master-2 Silo:GatewayPort)"], ex.Faults);
    }

    [Fact]
    public void Second_reader_is_refused()
    {
        var files = RepoFiles();
        var second = JsonNode.Parse(files["reader.json"].ToJsonString())!;
        second["Silo"]!["Name"] = "reader-2";
        second["Silo"]!["SiloPort"] = 11115;
        second["Silo"]!["GatewayPort"] = 30005;
        second["Health"]!["Port"] = 9105;
        files["reader-2.json"] = second;

        var ex = Assert.Throws<BankTopologyException>(() => BankTopology.Parse(Files(files)));

        Assert.Equal(
            ["reader-2.json: Silo:Name must be 'reader' for the reader (was 'reader-2')", "there must be exactly one reader (found 2)"],
            ex.Faults);
    }

    [Fact]
    public void Missing_master_is_refused()
    {
        var files = RepoFiles();
        files.Remove("master-3.json");

        var ex = Assert.Throws<BankTopologyException>(() => BankTopology.Parse(Files(files)));

        Assert.Equal(["there must be exactly three masters (found 2)"], ex.Faults);
    }

    [Fact]
    public void Duplicate_name_is_refused()
    {
        var files = RepoFiles();
        var copy = JsonNode.Parse(files["master-1.json"].ToJsonString())!;
        copy["Silo"]!["SiloPort"] = 11120;
        copy["Silo"]!["GatewayPort"] = 30020;
        copy["Health"]!["Port"] = 9120;
        copy.AsObject().Remove("Dashboard");
        files["copy.json"] = copy;

        var ex = Assert.Throws<BankTopologyException>(() => BankTopology.Parse(Files(files)));

        Assert.Contains("copy.json: Silo:Name is 'master-1', so the file must be master-1.json", ex.Faults);
        Assert.Contains("silo name 'master-1' is defined 2 times", ex.Faults);
        Assert.Contains("there must be exactly three masters (found 4)", ex.Faults);
    }

    [Fact]
    public void Mismatched_name_index_and_cluster_id_are_refused()
    {
        var files = RepoFiles();
        Set(files, "master-2.json", "Silo", "Index", 3);
        Set(files, "reader.json", "Silo", "ClusterId", "other");

        var ex = Assert.Throws<BankTopologyException>(() => BankTopology.Parse(Files(files)));

        Assert.Equal(
            [
                "master-2.json: Silo:Name must be 'master-3' for master index 3 (was 'master-2')",
                "Silo:ClusterId differs between files (bank, other)",
            ],
            ex.Faults);
    }

    [Fact]
    public void Missing_port_is_refused_naming_the_file_and_setting()
    {
        var files = RepoFiles();
        ((JsonObject)files["master-3.json"]["Silo"]!).Remove("GatewayPort");

        var ex = Assert.Throws<BankTopologyException>(() => BankTopology.Parse(Files(files)));

        Assert.Contains("master-3.json: Silo:GatewayPort is missing", ex.Faults);
    }

    private static Dictionary<string, JsonNode> RepoFiles() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "silo-config"), "*.json")
            .ToDictionary(f => Path.GetFileName(f), f => JsonNode.Parse(File.ReadAllText(f))!, StringComparer.Ordinal);

    private static IEnumerable<(string, string)> Files(Dictionary<string, JsonNode> files) =>
        files.Select(f => (f.Key, f.Value.ToJsonString()));

    private static void Set(Dictionary<string, JsonNode> files, string file, string section, string key, JsonNode value) =>
        files[file][section]![key] = value;
}
