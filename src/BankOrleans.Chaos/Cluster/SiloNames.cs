namespace BankOrleans.Chaos.Cluster;

/// <summary>The silos of the local topology (./bank and silo-config/*.json) and their base ports.</summary>
internal static class SiloNames
{
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> Masters = ["master-1", "master-2", "master-3"];

    public static readonly IReadOnlyList<string> All = ["master-1", "master-2", "master-3", Reader];

    /// <summary>Silo-to-silo port before the offset.</summary>
    public static int SiloPort(string name) => 11111 + All.ToList().IndexOf(name);

    /// <summary>Client gateway port before the offset.</summary>
    public static int GatewayPort(string name) => 30001 + All.ToList().IndexOf(name);

    /// <summary>The master index N of "master-N".</summary>
    public static int MasterIndex(string name) => int.Parse(name["master-".Length..], System.Globalization.CultureInfo.InvariantCulture);
}
