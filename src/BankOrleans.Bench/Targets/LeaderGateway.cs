using System.Net;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// Finds, among the bank's gateways, the one of the silo that answers its writes (the write
/// leader's). An Orleans client sends every call to one grain through one gateway, picked by the
/// grain's id, and the bank has one write leader: a client given every gateway reaches it through
/// another silo most of the time, which receives, deserializes and forwards every call and answer.
/// </summary>
public static class LeaderGateway
{
    /// <summary>
    /// The entry of <paramref name="gateways"/> (<c>ip:port</c>) that is the gateway of the active
    /// silo named <paramref name="silo"/> in <paramref name="hosts"/>, or null when there is none:
    /// the silo is not active, or it advertises an address the client was not given (e.g. behind
    /// a container's port mapping).
    /// </summary>
    public static string? Find(IEnumerable<MembershipEntry> hosts, string silo, IReadOnlyList<string> gateways)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(gateways);
        var host = hosts.FirstOrDefault(h => h.Status == SiloStatus.Active && h.SiloName == silo && h.ProxyPort > 0);
        if (host is null)
        {
            return null;
        }

        var endpoint = new IPEndPoint(GatewayEndpoint.Plain(host.SiloAddress.Endpoint.Address), host.ProxyPort);
        return gateways.FirstOrDefault(g => GatewayEndpoint.TryParse(g, out var given, out _) && given.Equals(endpoint));
    }
}
