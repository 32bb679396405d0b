using System.Diagnostics;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// One silo as its own process (<c>dotnet BankOrleans.Silo.dll --config silo-config/&lt;name&gt;.json</c>)
/// with configuration overrides in <c>BANK_*</c> variables, its output appended to a log file.
/// Always addressed by pid; disposing stops it (SIGTERM, SIGKILL after 15 s).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(string name, Process process, string logFile)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
    }

    /// <summary>The silo name (<c>master-1</c> … <c>reader</c>).</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Where its stdout and stderr go.</summary>
    public string LogFile { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The exit code; only once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts silo <paramref name="name"/> from the repository's silo-config with <paramref name="environment"/> on top.</summary>
    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        info.ArgumentList.Add(RepoPaths.SiloDll);
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "silo-config", name + ".json"));
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start");
        process.StandardInput.Close();
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => { lock (gate) { log.Flush(); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(name, process, logFile);
    }

    /// <summary>SIGKILL by pid, as a crash; waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        ProcessSignals.Send(_process.Id, ProcessSignals.SigKill);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(wait.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ProcessSignals.Send(_process.Id, ProcessSignals.SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                ProcessSignals.Send(_process.Id, ProcessSignals.SigKill);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }
}
