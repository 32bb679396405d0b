using System.Net;
using BankOrleans.Bench.Targets;

namespace BankOrleans.Bench.Tests;

public sealed class GatewayEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:30001", "127.0.0.1", 30001)]
    [InlineData("::ffff:127.0.0.1:30002", "127.0.0.1", 30002)]
    [InlineData("::1:30003", "::1", 30003)]
    public void An_ip_and_port_is_read_with_mapped_ipv4_made_plain(string text, string address, int port)
    {
        Assert.True(GatewayEndpoint.TryParse(text, out var endpoint, out var error));
        Assert.Null(error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }

    [Theory]
    [InlineData("localhost:30001", "must be an IP address and a port")]
    [InlineData("127.0.0.1", "must be an IP address and a port")]
    [InlineData(":30001", "must be an IP address and a port")]
    [InlineData("127.0.0.1:", "has an invalid port")]
    [InlineData("127.0.0.1:70000", "has an invalid port")]
    [InlineData("127.0.0.1:-1", "has an invalid port")]
    [InlineData("127.0.0.1:30 01", "has an invalid port")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(GatewayEndpoint.TryParse(text, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => GatewayEndpoint.Parse(text)).Message, StringComparison.Ordinal);
    }
}
