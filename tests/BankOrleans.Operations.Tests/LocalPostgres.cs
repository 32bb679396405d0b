using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// A throw-away PostgreSQL cluster: initdb into a temp directory, the postmaster on 127.0.0.1 on
/// a free port (as the <c>postgres</c> user when the test runs as root, which initdb refuses),
/// password authentication for a user <c>bank</c> with a random password. Disposing stops the
/// postmaster by its pid (SIGINT = fast shutdown, SIGKILL after 10 s) and deletes the directory.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _postmaster;

    private LocalPostgres(string binDir, string directory, int port)
    {
        BinDir = binDir;
        _directory = directory;
        Port = port;
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The server binaries used.</summary>
    public string BinDir { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The password of user <c>bank</c> (a secret the silos must never log).</summary>
    public string Password { get; }

    /// <summary>An Npgsql connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "bank",
        Password = Password,
        Database = "postgres",
        Timeout = 5,
        CommandTimeout = 10,
    }.ToString();

    /// <summary>The postmaster's pid.</summary>
    public int Pid => _postmaster?.Id ?? 0;

    /// <summary>Creates and starts a cluster; returns once it accepts connections (at most 60 s).</summary>
    public static async Task<LocalPostgres> StartAsync(string binDir, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "bank-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var pg = new LocalPostgres(binDir, directory, FreePorts.Take(1)[0]);
        try
        {
            await pg.InitAsync(cancellationToken);
            await pg.RunAsync(cancellationToken);
            return pg;
        }
        catch
        {
            await pg.DisposeAsync();
            throw;
        }
    }

    private string DataDir => Path.Combine(_directory, "data");

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        var pwfile = Path.Combine(_directory, "pw");
        await File.WriteAllTextAsync(pwfile, Password + "\n", cancellationToken);
        if (ProcessSignals.IsRoot)
        {
            await RunToEndAsync("chown", ["-R", "postgres:postgres", _directory], TimeSpan.FromSeconds(10), cancellationToken);
        }

        await RunToEndAsync(Path.Combine(BinDir, "initdb"),
            ["-D", DataDir, "-U", "bank", "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"],
            TimeSpan.FromSeconds(120), cancellationToken, asPostgres: true);
        File.Delete(pwfile);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = Command(Path.Combine(BinDir, "postgres"),
            ["-D", DataDir, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _directory,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB"],
            asPostgres: true);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _postmaster = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        _postmaster.OutputDataReceived += (_, _) => { };
        _postmaster.ErrorDataReceived += (_, _) => { };
        _postmaster.BeginOutputReadLine();
        _postmaster.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_postmaster.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {_postmaster.ExitCode} during start");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    // As root, setpriv execs the program as postgres, so the pid we hold is the program's own.
    private static ProcessStartInfo Command(string program, IEnumerable<string> args, bool asPostgres)
    {
        ProcessStartInfo info;
        if (asPostgres && ProcessSignals.IsRoot)
        {
            info = new ProcessStartInfo("setpriv");
            foreach (var a in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info = new ProcessStartInfo(program);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.UseShellExecute = false;
        info.RedirectStandardInput = true;
        return info;
    }

    private static async Task RunToEndAsync(string program, string[] args, TimeSpan limit, CancellationToken cancellationToken, bool asPostgres = false)
    {
        var info = Command(program, args, asPostgres);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessSignals.Send(process.Id, ProcessSignals.SigKill);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {limit}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postmaster is { } postmaster)
        {
            if (!postmaster.HasExited)
            {
                ProcessSignals.Send(postmaster.Id, ProcessSignals.SigInt);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await postmaster.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    ProcessSignals.Send(postmaster.Id, ProcessSignals.SigKill);
                    await postmaster.WaitForExitAsync(CancellationToken.None);
                }
            }

            postmaster.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
