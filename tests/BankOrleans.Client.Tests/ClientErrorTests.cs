using BankOrleans.Client.Cli;
using BankOrleans.Client.Commands;
using BankOrleans.Client.Connection;
using BankOrleans.Topology;

namespace BankOrleans.Client.Tests;

/// <summary>The error-code table and the small parsers the contract depends on.</summary>
public sealed class ClientErrorTests
{
    [Theory]
    [InlineData(ClientError.BadInputCode, 2)]
    [InlineData(ClientError.UnavailableCode, 4)]
    [InlineData(ClientError.OutcomeUnknownCode, 5)]
    [InlineData(ClientError.CancelledCode, 130)]
    [InlineData(ClientError.InternalCode, 1)]
    [InlineData("no-such-code", 1)]
    public void Error_codes_map_to_the_contract_exit_codes(string code, int exitCode)
    {
        Assert.Equal(exitCode, new ClientError(code, "message").ExitCode);
    }

    [Theory]
    [InlineData("127.0.0.1:30001", "127.0.0.1", 30001)]
    [InlineData("silo-master-1:30001", "silo-master-1", 30001)]
    public void Gateway_parses_host_and_port(string text, string host, int port)
    {
        Assert.True(GatewayAddress.TryParse(text, out var address, out _));
        Assert.Equal(new GatewayAddress(host, port), address);
    }

    [Theory]
    [InlineData("master-1", "master")]
    [InlineData("master-3", "master")]
    [InlineData("reader", "reader")]
    [InlineData("mystery", "unknown")]
    [InlineData("", "unknown")]
    public void Role_is_derived_from_the_silo_name(string name, string role)
    {
        Assert.Equal(role, BankTopology.Local.RoleOf(name));
    }
}
