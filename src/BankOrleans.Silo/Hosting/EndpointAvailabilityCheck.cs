using System.Net;
using System.Net.Sockets;
using BankOrleans.Silo.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// Refuses to start when the silo or gateway port is already taken, before the silo joins the
/// cluster. Without it a second copy of a silo would join with the same address and a newer
/// generation, and the membership protocol would declare the running copy dead.
/// </summary>
internal sealed class EndpointAvailabilityCheck(IOptions<SiloIdentityOptions> identity) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EndpointAvailabilityCheck), ServiceLifecycleStage.First, _ =>
        {
            var id = identity.Value;
            var address = IPAddress.Parse(id.ListenIPAddress);
            EnsureFree(address, id.SiloPort, $"{SiloIdentityOptions.SectionName}:SiloPort");
            EnsureFree(address, id.GatewayPort, $"{SiloIdentityOptions.SectionName}:GatewayPort");
            return Task.CompletedTask;
        });

    private static void EnsureFree(IPAddress address, int port, string setting)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new SiloStartupException($"{setting} {port} on {address} is already in use (is this silo already running?).", ex);
        }
        finally
        {
            listener.Stop();
        }
    }
}

/// <summary>A start-up failure whose message alone tells the operator what to fix.</summary>
public sealed class SiloStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
