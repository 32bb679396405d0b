using BankOrleans.Client.Cli;
using BankOrleans.Connections;
using Spectre.Console.Testing;

namespace BankOrleans.Client.Tests;

/// <summary>The interactive console (no arguments) when the cluster cannot be reached.</summary>
public sealed class InteractiveConsoleContractTests
{
    [Fact]
    public async Task No_arguments_with_an_unreachable_cluster_prints_one_error_line_and_exits_4()
    {
        using var console = new TestConsole().Interactive().Width(200);
        using var errors = new TestConsole();
        // The cluster CA the client needs before it tries any gateway.
        var secrets = Directory.CreateTempSubdirectory("bank-console-");
        ClusterCertificateAuthority.EnsureFiles(secrets.FullName);
        var caFile = Path.Combine(secrets.FullName, ClusterCertificateFiles.CaCertificate);
        // A gateway nobody listens on.
        var runner = new BankCommandRunner(console, errors, new BankClientOptions
        {
            HandleTerminationSignals = false,
            GetEnvironmentVariable = name => name == ClusterCaFile.EnvironmentVariable ? caFile : null,
            ConnectDeadline = TimeSpan.FromSeconds(3),
            MaxConnectAttempts = 1,
        });

        var exit = await runner.RunInteractiveAsync([$"127.0.0.1:{ClientRun.FreeLoopbackPort()}"], CancellationToken.None);

        Assert.Equal(ExitCodes.Unavailable, exit);
        var lines = console.Output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("error: cannot reach the bank cluster", lines[^1].Trim(), StringComparison.Ordinal);
        secrets.Delete(recursive: true);
    }
}
