using System.Net;
using System.Net.Sockets;
using BankOrleans.Client.Cli;
using BankOrleans.Connections;
using Spectre.Console.Testing;

namespace BankOrleans.Client.Tests;

/// <summary>
/// The scripted client does not give up on a write after one failed try: against a gateway that
/// fails every connection (it accepts and closes, as a dying silo's socket does), a deposit
/// connects again — within its failover bound — instead of answering after the first failure.
/// </summary>
public sealed class WriteFailoverTests : IDisposable
{
    private const string Session = "s1:alice:1:9999999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("bank-client-failover-");

    [Fact]
    public async Task A_deposit_whose_gateway_fails_is_tried_again_instead_of_answering_unavailable()
    {
        ClusterCertificateAuthority.EnsureFiles(_secrets.FullName);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var secondConnection = AcceptAndCloseAsync(listener, count: 2);
        using var stop = new CancellationTokenSource();
        using var stdout = new TestConsole().Width(400);
        using var stderr = new TestConsole().Width(400);
        var runner = new BankCommandRunner(stdout, stderr, new BankClientOptions
        {
            HandleTerminationSignals = false,
            GetEnvironmentVariable = name => name == ClusterCaFile.EnvironmentVariable
                ? Path.Combine(_secrets.FullName, ClusterCertificateFiles.CaCertificate)
                : null,
            MaxConnectAttempts = 1,
            // Long enough that only the test ends the run: a loaded machine may take seconds per try.
            FailoverBound = TimeSpan.FromMinutes(2),
        });

        var run = runner.RunAsync(
            ["deposit", "1234567890", "1.00", "--session", Session, "--request-id", "failover-1", "--json", "--gateway", $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"],
            stop.Token);
        var first = await Task.WhenAny(secondConnection, run).WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromMinutes(1));

        // Before the failover loop the client answered "unavailable" (exit 4) after one connection.
        Assert.Same(secondConnection, first);
        Assert.Equal(ExitCodes.Cancelled, exitCode);
    }

    public void Dispose() => _secrets.Delete(recursive: true);

    private static async Task AcceptAndCloseAsync(TcpListener listener, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var socket = await listener.AcceptSocketAsync();
            socket.Close();
        }
    }
}
