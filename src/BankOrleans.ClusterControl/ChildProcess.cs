using System.Diagnostics;

namespace BankOrleans.ClusterControl;

/// <summary>
/// The short-lived children of a cluster command (a build, the console client, <c>ss</c>), each
/// bounded; on timeout only that child is killed, by its pid. Redirections the shell would do
/// (<c>2&gt;&amp;1</c>, <c>&gt;file</c>) are done by <c>/bin/sh</c> before it execs the command, so
/// the output keeps its order and the child's pid is the command's own.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="command"/> and returns its exit code and standard output (stderr merged when <paramref name="mergeStderr"/>, else dropped).</summary>
    public static async Task<(int ExitCode, string Output)> CaptureAsync(
        IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        bool mergeStderr, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var start = Shell(mergeStderr ? "exec \"$@\" 2>&1" : "exec \"$@\" 2>/dev/null", command, workingDirectory, environment);
        start.RedirectStandardOutput = true;
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + command[0]);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var exitCode = await WaitAsync(process, limit, cancellationToken).ConfigureAwait(false);
        return (exitCode, exitCode == TimedOut ? "" : await output.ConfigureAwait(false));
    }

    /// <summary>Runs <paramref name="command"/> with its stdout and stderr written to <paramref name="outputFile"/> (truncated); returns the exit code.</summary>
    public static Task<int> RunToFileAsync(
        IReadOnlyList<string> command, string outputFile, string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var start = Shell("out=$1; shift; exec \"$@\" >\"$out\" 2>&1", [outputFile, .. command], workingDirectory, environment);
        return RunAsync(start, limit, cancellationToken);
    }

    /// <summary>Runs <paramref name="command"/> on this process's own stdin, stdout and stderr; returns the exit code.</summary>
    public static Task<int> RunAttachedAsync(IReadOnlyList<string> command, string workingDirectory, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return RunAsync(start, limit, cancellationToken);
    }

    /// <summary>The exit code reported for a child killed at its time limit (what <c>timeout</c> reports).</summary>
    public const int TimedOut = 124;

    /// <summary>A <c>/bin/sh -c SCRIPT sh COMMAND…</c> start: the script redirects, then execs the command.</summary>
    public static ProcessStartInfo Shell(string script, IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("sh");
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static async Task<int> RunAsync(ProcessStartInfo start, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        return await WaitAsync(process, limit, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> WaitAsync(Process process, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return process.ExitCode;
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

            cancellationToken.ThrowIfCancellationRequested();
            return TimedOut;
        }
    }
}
