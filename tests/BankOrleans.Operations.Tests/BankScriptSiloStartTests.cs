using System.Diagnostics;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// <c>./bank silo start</c> never leaves a process it started running without a record of its
/// pid. The silo here is a stand-in (a <c>dotnet</c> first on PATH) that runs but never becomes
/// a silo: its command line is not the silo's, as a real silo's is not until it has exec'd, which
/// on a loaded machine took longer than the start's wait for it (a chaos run left a silo running
/// after <c>./bank down</c>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BankScriptSiloStartTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("bank-silo-start-");

    [Fact]
    public async Task A_start_whose_readiness_wait_fails_stops_what_it_started_or_keeps_its_pid()
    {
        var fakeBin = Directory.CreateDirectory(Path.Combine(_work.FullName, "bin"));
        var fakePidFile = Path.Combine(_work.FullName, "fake-silo.pid");
        var fakeDotnet = Path.Combine(fakeBin.FullName, "dotnet");
        await File.WriteAllTextAsync(fakeDotnet, """
            #!/usr/bin/env bash
            # Makes no certificates; as a silo, runs under a command line that is not the silo's.
            for arg in "$@"; do [[ "$arg" == --make-certificates ]] && exit 0; done
            printf '%s\n' "$$" >"$FAKE_SILO_PID_FILE"
            exec -a bank-test-fake-silo sleep 300
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(fakeDotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var info = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "bank"));
        foreach (var arg in new[] { "silo", "start", "master-1" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PATH"] = fakeBin.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["BANK_DATA_DIR"] = Path.Combine(_work.FullName, "data");
        info.Environment["BANK_PORT_OFFSET"] = FreeOffset().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["BANK_UP_TIMEOUT"] = "2";
        info.Environment["FAKE_SILO_PID_FILE"] = fakePidFile;

        using var bank = Process.Start(info)!;
        var stdout = bank.StandardOutput.ReadToEndAsync();
        var stderr = bank.StandardError.ReadToEndAsync();
        await bank.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var output = await stdout + await stderr;

        Assert.Equal(4, bank.ExitCode);
        var fakePid = int.Parse(File.ReadAllText(fakePidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var pidFile = Path.Combine(_work.FullName, "data", "pids", "master-1.pid");
        var recorded = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : null;
        try
        {
            Assert.True(!IsAlive(fakePid) || recorded == fakePid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"./bank left pid {fakePid} running with pid file {recorded ?? "(none)"}; output:\n{output}");
        }
        finally
        {
            ProcessSignals.Send(fakePid, ProcessSignals.SigKill);
        }
    }

    public void Dispose() => _work.Delete(recursive: true);

    // A zombie is not running: /proc/PID/stat state Z. Reaped, the pid is gone.
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Ports the script checks before it starts a silo: keep them clear of other clusters (./bank chaos uses 2000-9990).
    private static int FreeOffset() => 10_000 + (Environment.ProcessId % 5_000);
}
