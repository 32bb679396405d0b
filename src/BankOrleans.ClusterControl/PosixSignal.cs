using System.Runtime.InteropServices;

namespace BankOrleans.ClusterControl;

/// <summary>POSIX signals by pid: <c>kill(2)</c> (Process.Kill sends only SIGKILL, and only to processes it has a handle for).</summary>
internal static partial class PosixSignal
{
    /// <summary>Probe only: is the pid there and ours to signal.</summary>
    public const int Probe = 0;

    /// <summary>SIGKILL: the crash of <c>silo kill</c> and the escalation after a graceful stop times out.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM: a graceful stop.</summary>
    public const int Term = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it failed (gone, or not ours).</summary>
    public static bool Send(int pid, int signal) => pid > 0 && SysKill(pid, signal) == 0;

    /// <summary>The signal's name as <c>kill -l</c> prints it (TERM, KILL).</summary>
    public static string Name(int signal) => signal switch
    {
        Kill => "KILL",
        Term => "TERM",
        _ => signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);
}
