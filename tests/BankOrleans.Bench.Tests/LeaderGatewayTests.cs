using System.Net;
using BankOrleans.Bench.Targets;

namespace BankOrleans.Bench.Tests;

public sealed class LeaderGatewayTests
{
    private static readonly string[] Gateways = ["127.0.0.1:30001", "127.0.0.1:30002", "127.0.0.1:30003"];

    [Fact]
    public void The_leader_silos_gateway_is_picked_from_the_given_ones()
    {
        var hosts = new[] { Host("master-1", 11111, 30001), Host("master-2", 11112, 30002), Host("master-3", 11113, 30003) };

        Assert.Equal("127.0.0.1:30002", LeaderGateway.Find(hosts, "master-2", Gateways));
    }

    [Fact]
    public void A_leader_silo_that_is_not_active_has_no_gateway_to_pick()
    {
        var hosts = new[] { Host("master-2", 11112, 30002, SiloStatus.Dead), Host("master-1", 11111, 30001) };

        Assert.Null(LeaderGateway.Find(hosts, "master-2", Gateways));
    }

    [Fact]
    public void A_gateway_the_client_was_not_given_is_not_picked()
    {
        // e.g. a container's own address, reachable from the client only through a mapped port.
        var hosts = new[] { Host("master-2", 11112, 30002, address: "172.18.0.3") };

        Assert.Null(LeaderGateway.Find(hosts, "master-2", Gateways));
    }

    [Fact]
    public void An_unknown_silo_has_no_gateway()
    {
        Assert.Null(LeaderGateway.Find([Host("master-1", 11111, 30001)], "master-9", Gateways));
    }

    [Fact]
    public void A_silo_without_a_gateway_has_none_to_pick()
    {
        Assert.Null(LeaderGateway.Find([Host("master-2", 11112, 0)], "master-2", ["127.0.0.1:0", .. Gateways]));
    }

    [Fact]
    public void A_given_gateway_that_is_not_an_address_is_passed_over()
    {
        var hosts = new[] { Host("master-2", 11112, 30002) };

        Assert.Equal("127.0.0.1:30002", LeaderGateway.Find(hosts, "master-2", ["localhost:30002", "not a gateway", "127.0.0.1:30002"]));
    }

    [Fact]
    public void An_ipv4_address_matches_its_ipv6_mapped_form()
    {
        var hosts = new[] { Host("master-2", 11112, 30002, address: "::ffff:127.0.0.1") };

        Assert.Equal("127.0.0.1:30002", LeaderGateway.Find(hosts, "master-2", Gateways));
    }

    private static MembershipEntry Host(string name, int siloPort, int gatewayPort, SiloStatus status = SiloStatus.Active, string address = "127.0.0.1") => new()
    {
        SiloName = name,
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Parse(address), siloPort), 1),
        ProxyPort = gatewayPort,
        Status = status,
    };
}
