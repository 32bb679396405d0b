using System.Diagnostics;

namespace BankOrleans.Operations.Tests;

/// <summary>One bounded run of <c>dotnet &lt;dll&gt; args…</c> to completion: exit code and output.</summary>
internal sealed record DotnetRun(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>Runs <paramref name="dll"/> with <paramref name="environment"/> on top of this process's; SIGKILLs it (by pid) after <paramref name="limit"/>.</summary>
    public static async Task<DotnetRun> RunAsync(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{dll} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessSignals.Send(process.Id, ProcessSignals.SigKill);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not finish within {limit.TotalSeconds:0} s");
        }

        return new DotnetRun(process.ExitCode, await stdout, await stderr);
    }
}
