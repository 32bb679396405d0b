using System.Net;
using System.Net.Sockets;
using BankOrleans.Client.Cli;
using BankOrleans.Connections;

namespace BankOrleans.Client.Tests;

/// <summary>
/// The client's side of TLS to the gateways, against a fake gateway that speaks no TLS: the
/// client's first bytes are a TLS handshake, never Orleans' clear-text preamble, and a gateway
/// that does not complete the handshake is not connected to.
/// </summary>
public sealed class GatewayTlsTests : IDisposable
{
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("bank-client-tls-");

    [Fact]
    public async Task Client_opens_with_a_tls_handshake_and_gives_up_on_a_gateway_that_answers_in_clear_text()
    {
        ClusterCertificateAuthority.EnsureFiles(_secrets.FullName);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var gateway = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var firstBytes = ReadFirstBytesAsync(listener);

        // A loaded machine may take seconds to open the first connection: the deadline is generous,
        // and the single attempt ends as soon as the handshake fails.
        var run = await ClientRun.RunWithAsync(null, new Dictionary<string, string>
        {
            [ClusterCaFile.EnvironmentVariable] = Path.Combine(_secrets.FullName, ClusterCertificateFiles.CaCertificate),
        }, TimeSpan.FromSeconds(30), "--json", "admin", "status", "--gateway", gateway);

        var received = await firstBytes.WaitAsync(TimeSpan.FromSeconds(30));
        // A TLS record: content type 22 (handshake), protocol major version 3.
        Assert.Equal([0x16, 0x03], received[..2]);
        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Equal("unavailable", run.SingleJsonObject().GetProperty("error").GetString());
    }

    [Fact]
    public async Task Client_without_the_cluster_ca_certificate_refuses_to_connect_and_names_the_setting()
    {
        var missing = Path.Combine(_secrets.FullName, "no-such-ca.crt");

        var run = await ClientRun.RunWithAsync(null, new Dictionary<string, string>
        {
            [ClusterCaFile.EnvironmentVariable] = missing,
        }, "--json", "admin", "status", "--gateway", $"127.0.0.1:{ClientRun.FreeLoopbackPort()}");

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        var message = run.SingleJsonObject().GetProperty("message").GetString();
        Assert.Contains(missing, message, StringComparison.Ordinal);
        Assert.Contains(ClusterCaFile.EnvironmentVariable, message, StringComparison.Ordinal);
    }

    public void Dispose() => _secrets.Delete(recursive: true);

    // Accepts one connection and answers nothing but a close: what a clear-text listener does
    // with bytes it does not understand.
    private static async Task<byte[]> ReadFirstBytesAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[2];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return buffer[..read];
    }
}
