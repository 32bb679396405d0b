using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BankOrleans.Bench.Baseline;
using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// The Orleans Transactions peer as child processes of the benchmark: <c>silos</c> baseline
/// silos on 127.0.0.1 (silo ports from <c>firstPort</c>, gateways from <c>firstPort + 100</c>),
/// with durable SQLite or in-memory storage. Stopped by pid (SIGTERM, then SIGKILL), also
/// when the benchmark exits early.
/// </summary>
public sealed class BaselinePeer : IAsyncDisposable
{
    private const int GatewayOffset = 100;
    private const int Sigterm = 15;
    private readonly List<(string Name, Process Process)> _silos = [];
    private readonly int _firstPort;
    private bool _stopped;

    private BaselinePeer(BaselineStorageKind storage, int firstPort, string directory)
    {
        Storage = storage;
        _firstPort = firstPort;
        Directory = directory;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>Durable (SQLite) or in memory.</summary>
    public BaselineStorageKind Storage { get; }

    /// <summary>Where the silos keep their SQLite files and logs.</summary>
    public string Directory { get; }

    /// <summary>The silos' gateways, <c>127.0.0.1:port</c>.</summary>
    public IReadOnlyList<string> Gateways =>
        [.. Enumerable.Range(0, _silos.Count).Select(i => $"127.0.0.1:{_firstPort + GatewayOffset + i}")];

    /// <summary>
    /// Starts <paramref name="silos"/> baseline silos and returns when the cluster has them all
    /// active (at most <paramref name="timeout"/>); throws, after stopping what it started, if not.
    /// </summary>
    public static async Task<BaselinePeer> StartAsync(
        BaselineStorageKind storage, int silos, int firstPort, string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        for (var i = 0; i < silos; i++)
        {
            foreach (var port in new[] { firstPort + i, firstPort + GatewayOffset + i })
            {
                // The previous peer's silos (durable before in-memory) may still be letting go of their ports.
                if (!await PortFreesAsync(port, PortReleaseWait, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"port {port} on 127.0.0.1 is in use; choose other ports for the peer with --baseline-port");
                }
            }
        }

        System.IO.Directory.CreateDirectory(directory);
        var peer = new BaselinePeer(storage, firstPort, directory);
        try
        {
            var assembly = Path.Combine(AppContext.BaseDirectory, "BankOrleans.Bench.Baseline.dll");
            for (var i = 0; i < silos; i++)
            {
                peer.StartSilo(assembly, i);
                if (i == 0)
                {
                    // The primary must listen before the others try to join through it.
                    await WaitForPortAsync(firstPort, timeout, cancellationToken).ConfigureAwait(false);
                }
            }

            await peer.WaitUntilActiveAsync(silos, timeout, cancellationToken).ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The process ids of the peer's silos.</summary>
    public IReadOnlyList<int> Pids => [.. _silos.Select(s => s.Process.Id)];

    /// <summary>Each silo's peak resident memory so far (VmHWM).</summary>
    public IReadOnlyList<SiloMemory> PeakMemory() =>
        [.. _silos.Select(s => new SiloMemory(s.Name, s.Process.Id, SiloPeakMemory.ReadPeakRssKilobytes(s.Process.Id)))];

    /// <summary>Stops every silo: SIGTERM by pid, SIGKILL by pid after 10 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var (_, process) in _silos)
        {
            if (!process.HasExited)
            {
                _ = SendSignal(process.Id, Sigterm);
            }
        }

        foreach (var (_, process) in _silos)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }

            process.Dispose();
        }
    }

    private void StartSilo(string assembly, int index)
    {
        var name = $"baseline-{(Storage == BaselineStorageKind.Sqlite ? "sqlite" : "memory")}-{index}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            assembly, "--index", Text(index), "--silo-port", Text(_firstPort + index), "--gateway-port", Text(_firstPort + GatewayOffset + index),
            "--primary-port", Text(_firstPort), "--storage", Storage == BaselineStorageKind.Sqlite ? "sqlite" : "memory", "--data", Directory,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var log = new StreamWriter(Path.Combine(Directory, name + ".log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _silos.Add((name, process));
    }

    private async Task WaitUntilActiveAsync(int silos, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        await using var connection = await OrleansClientConnection.ConnectAsync(
            Gateways, BaselineSiloOptions.ClusterId, BaselineSiloOptions.ServiceId, timeout, cancellationToken).ConfigureAwait(false);
        var management = connection.Client.GetGrain<IManagementGrain>(0);
        while (true)
        {
            if (_silos.FirstOrDefault(s => s.Process.HasExited) is { Name: { } dead })
            {
                throw new InvalidOperationException($"{dead} exited during start-up; see {Path.Combine(Directory, dead + ".log")}");
            }

            try
            {
                var hosts = await management.GetHosts(onlyActive: true).ConfigureAwait(false);
                if (hosts.Count >= silos)
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Still joining; ask again.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the baseline peer did not have {silos} active silos after {timeout.TotalSeconds:0}s; logs in {Directory}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private void KillAll()
    {
        if (_stopped)
        {
            return;
        }

        foreach (var (_, process) in _silos)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static readonly TimeSpan PortReleaseWait = TimeSpan.FromSeconds(20);

    private static async Task<bool> PortFreesAsync(int port, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (PortInUse(port))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static bool PortInUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // SIGTERM by pid through kill(1): the silo's host then shuts down gracefully.
    private static bool SendSignal(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + Text(signal), Text(pid) }, UseShellExecute = false });
        kill?.WaitForExit(5_000);
        return kill?.ExitCode == 0;
    }
}
