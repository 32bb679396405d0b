using System.Net;
using System.Net.NetworkInformation;
using BankOrleans.Topology;

namespace BankOrleans.Chaos.Cluster;

/// <summary>Picks a BANK_PORT_OFFSET whose eight ports are free now, away from the default cluster's ports.</summary>
internal static class PortOffsetPicker
{
    public static int Pick(Random random)
    {
        var listening = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port).ToHashSet();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Multiples of 10 between 2000 and 9990: silo ports 13111–21110, gateways 32001–40000.
            var offset = random.Next(200, 1000) * 10;
            if (BankTopology.Local.Names.All(n => !listening.Contains(BankTopology.Local.Get(n).SiloPort + offset) && !listening.Contains(BankTopology.Local.Get(n).GatewayPort + offset)))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("no free port range for a chaos cluster");
    }

    public static IPEndPoint Gateway(string silo, int offset) => new(IPAddress.Loopback, BankTopology.Local.Get(silo).GatewayPort + offset);
}
