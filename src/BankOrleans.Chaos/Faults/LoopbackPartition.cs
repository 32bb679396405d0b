using System.Globalization;
using System.Text.RegularExpressions;
using BankOrleans.Chaos.Cluster;
using BankOrleans.Topology;

namespace BankOrleans.Chaos.Faults;

/// <summary>
/// Cuts one silo off from the other silos of this run's cluster with iptables rules in a chain
/// of its own, hooked into OUTPUT for loopback only. Rules name only this cluster's silo ports
/// (and the ephemeral ports of the cut silo's own outgoing silo connections, found with <c>ss</c>),
/// so no other traffic is touched; clients still reach the silo's gateway. <see cref="HealAsync"/>
/// removes the hook and the chain, and is also run before the first cut to clear leftovers.
/// </summary>
internal sealed partial class LoopbackPartition(ChaosCluster cluster, ChaosLog log)
{
    private readonly string _chain = "BANKCHAOS" + cluster.PortOffset.ToString(CultureInfo.InvariantCulture);
    private readonly HashSet<string> _cutConnections = [];

    public string Chain => _chain;

    public static async Task<bool> AvailableAsync() =>
        (await BoundedProcess.RunAsync("iptables", ["--version"], new Dictionary<string, string>(), TimeSpan.FromSeconds(10)).ConfigureAwait(false)).Ok;

    /// <summary>Cuts <paramref name="silo"/> off for <paramref name="duration"/>, then heals.</summary>
    public async Task HoldAsync(string silo, TimeSpan duration)
    {
        await HealAsync().ConfigureAwait(false);
        var own = BankTopology.Local.Get(silo).SiloPort + cluster.PortOffset;
        var others = BankTopology.Local.Names.Where(s => s != silo).Select(s => BankTopology.Local.Get(s).SiloPort + cluster.PortOffset).ToHashSet();
        await IptablesAsync("-N", _chain).ConfigureAwait(false);
        await IptablesAsync("-A", _chain, "-p", "tcp", "--dport", Port(own), "-j", "DROP").ConfigureAwait(false);
        await IptablesAsync("-A", _chain, "-p", "tcp", "--sport", Port(own), "-j", "DROP").ConfigureAwait(false);
        await IptablesAsync("-I", "OUTPUT", "1", "-o", "lo", "-j", _chain).ConfigureAwait(false);
        log.Line($"partition: {silo} cut off (silo port {own}, chain {_chain})");
        var until = log.Now + duration;
        while (log.Now < until)
        {
            // The cut silo's own outgoing connections to the others use ephemeral ports; cut each as it appears.
            if (cluster.RunningPid(silo) is { } pid)
            {
                foreach (var (local, peer) in await OutgoingAsync(pid, others).ConfigureAwait(false))
                {
                    if (_cutConnections.Add($"{local}>{peer}"))
                    {
                        await IptablesAsync("-A", _chain, "-p", "tcp", "--sport", Port(local), "--dport", Port(peer), "-j", "DROP").ConfigureAwait(false);
                        await IptablesAsync("-A", _chain, "-p", "tcp", "--sport", Port(peer), "--dport", Port(local), "-j", "DROP").ConfigureAwait(false);
                    }
                }
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        await HealAsync().ConfigureAwait(false);
        log.Line($"partition: {silo} healed ({_cutConnections.Count} outgoing connections had been cut)");
    }

    /// <summary>Removes the hook and the chain, whatever state they are in.</summary>
    public async Task HealAsync()
    {
        _cutConnections.Clear();
        while ((await IptablesAsync("-D", "OUTPUT", "-o", "lo", "-j", _chain).ConfigureAwait(false)).Ok)
        {
        }

        await IptablesAsync("-F", _chain).ConfigureAwait(false);
        await IptablesAsync("-X", _chain).ConfigureAwait(false);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<(int Local, int Peer)>> OutgoingAsync(int pid, HashSet<int> peers)
    {
        var result = await BoundedProcess.RunAsync("ss", ["-tnpH"], new Dictionary<string, string>(), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var found = new List<(int, int)>();
        foreach (var line in result.Output.Split('\n'))
        {
            var match = SocketLine().Match(line);
            if (match.Success && int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture) == pid)
            {
                var local = int.Parse(match.Groups["local"].Value, CultureInfo.InvariantCulture);
                var peer = int.Parse(match.Groups["peer"].Value, CultureInfo.InvariantCulture);
                if (peers.Contains(peer))
                {
                    found.Add((local, peer));
                }
            }
        }

        return found;
    }

    private static Task<CommandResult> IptablesAsync(params string[] arguments) =>
        BoundedProcess.RunAsync("iptables", ["-w", "5", .. arguments], new Dictionary<string, string>(), TimeSpan.FromSeconds(15));

    [GeneratedRegex(@"127\.0\.0\.1:(?<local>\d+)\s+127\.0\.0\.1:(?<peer>\d+).*pid=(?<pid>\d+),")]
    private static partial Regex SocketLine();
}
