using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BankOrleans.Client.Cli;
using Spectre.Console.Testing;

namespace BankOrleans.Client.Tests;

/// <summary>One in-process run of the client: exit code and what it wrote.</summary>
internal sealed record ClientRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public static Task<ClientRun> RunAsync(params string[] args) => RunWithAsync(null, null, args);

    /// <summary>Runs with a given standard input and environment (for passwords).</summary>
    public static Task<ClientRun> RunWithAsync(string? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunWithAsync(stdin, environment, TimeSpan.FromSeconds(3), args);

    /// <summary>Runs with a given standard input, environment and connect deadline.</summary>
    public static async Task<ClientRun> RunWithAsync(string? stdin, IReadOnlyDictionary<string, string>? environment, TimeSpan connectDeadline, params string[] args)
    {
        using var stdout = new TestConsole().Width(400);
        using var stderr = new TestConsole().Width(400);
        var runner = new BankCommandRunner(stdout, stderr, new BankClientOptions
        {
            HandleTerminationSignals = false,
            StandardInput = new StringReader(stdin ?? ""),
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            ConnectDeadline = connectDeadline,
            MaxConnectAttempts = 1,
            // One try: these tests pin what one answer looks like; FailoverLoopTests cover the retries.
            FailoverBound = TimeSpan.Zero,
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var exitCode = await runner.RunAsync(args);
        return new ClientRun(exitCode, stdout.Output, stderr.Output, clock.Elapsed);
    }

    /// <summary>Parses standard output as exactly one JSON object (fails the test otherwise).</summary>
    public JsonElement SingleJsonObject()
    {
        var text = StandardOutput.TrimEnd('\n');
        Assert.DoesNotContain('\n', text);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    /// <summary>A 127.0.0.1 port nothing listens on (it was free a moment ago).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
