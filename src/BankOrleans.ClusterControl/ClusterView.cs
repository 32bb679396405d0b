using System.Globalization;
using System.Text.RegularExpressions;

namespace BankOrleans.ClusterControl;

/// <summary>
/// The cluster's own view of its silos: the console client's <c>admin status --json</c> against
/// every gateway, reduced to (silo, status) pairs, or nothing when the cluster does not answer.
/// </summary>
internal static partial class ClusterView
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Asks the cluster; an empty list when the client is not built or nothing answers.</summary>
    public static async Task<IReadOnlyList<(string Silo, string Status)>> QueryAsync(ClusterLayout layout, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(layout.ClientDll))
        {
            return [];
        }

        List<string> command = ["dotnet", layout.ClientDll, "admin", "status", "--json"];
        foreach (var silo in layout.Silos)
        {
            command.Add("--gateway");
            command.Add(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{silo.GatewayPort}"));
        }

        // This cluster's own CA, whatever BANK_CLUSTER_CA the caller inherited (a chaos run nests clusters).
        var environment = new Dictionary<string, string>
        {
            ["BANK_CLUSTER_CA"] = Path.Combine(layout.SecretsDir, "cluster-ca.crt"),
            ["BANK_GATEWAYS"] = layout.GatewayList(),
        };
        var (_, output) = await ChildProcess.CaptureAsync(command, layout.Root, environment, mergeStderr: false, Limit, cancellationToken).ConfigureAwait(false);
        return Parse(output);
    }

    /// <summary>Each <c>"name":…,"role":…,"status":…</c> run of the client's compact JSON, in order.</summary>
    public static IReadOnlyList<(string Silo, string Status)> Parse(string json) =>
        [.. SiloEntry().Matches(json).Select(m => (m.Groups["name"].Value, m.Groups["status"].Value))];

    /// <summary>The status lines the view gives <paramref name="silo"/>, one a line ("" when none).</summary>
    public static string StatusOf(IReadOnlyList<(string Silo, string Status)> view, string silo) =>
        string.Join('\n', view.Where(v => v.Silo == silo).Select(v => v.Status));

    [GeneratedRegex("\"name\":\"(?<name>[^\"]*)\",\"role\":\"[^\"]*\",\"status\":\"(?<status>[^\"]*)\"")]
    private static partial Regex SiloEntry();
}
