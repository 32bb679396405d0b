using System.Diagnostics;
using System.Text;

namespace BankOrleans.Chaos.Cluster;

/// <summary>Runs a child process with a hard time limit; on timeout the child (and only it, by pid) is killed.</summary>
internal static class BoundedProcess
{
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }

            try
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Its own children (a client, a build) may hold the output pipes open after it died;
                // the caller still gets its answer: timed out.
            }

            lock (gate)
            {
                return new CommandResult(-1, output.ToString(), TimedOut: true);
            }
        }

        process.WaitForExit();
        lock (gate)
        {
            return new CommandResult(process.ExitCode, output.ToString(), TimedOut: false);
        }
    }
}
