using System.Globalization;

namespace BankOrleans.ClusterControl;

/// <summary>
/// The silos' pid files: <c>pids/NAME.pid</c> holds the pid alone (the bench and the tests read
/// it), <c>pids/NAME.start</c> its <c>/proc</c> start time, so that a reused pid is never taken for
/// the silo (<see cref="SiloProcessRule"/>).
/// </summary>
public sealed class SiloPidFiles(string pidDirectory)
{
    /// <summary>The pid file of <paramref name="silo"/>.</summary>
    public string PidFile(string silo) => Path.Combine(pidDirectory, silo + ".pid");

    /// <summary>The start-time file of <paramref name="silo"/>.</summary>
    public string StartFile(string silo) => Path.Combine(pidDirectory, silo + ".start");

    /// <summary>The recorded pid (the digits of the file), or null.</summary>
    public int? RecordedPid(string silo) => Digits(PidFile(silo)) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;

    /// <summary>The start time recorded with the pid, or null.</summary>
    public long? RecordedStart(string silo) => Digits(StartFile(silo)) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;

    /// <summary>Records a started process: the pid first, so that it is never lost, then its start time.</summary>
    public void Record(string silo, int pid, long? startTime)
    {
        Directory.CreateDirectory(pidDirectory);
        File.Delete(StartFile(silo));
        File.WriteAllText(PidFile(silo), pid.ToString(CultureInfo.InvariantCulture) + "\n");
        if (startTime is { } start)
        {
            File.WriteAllText(StartFile(silo), start.ToString(CultureInfo.InvariantCulture) + "\n");
        }
    }

    /// <summary>Removes the silo's pid and start-time files.</summary>
    public void Forget(string silo)
    {
        File.Delete(PidFile(silo));
        File.Delete(StartFile(silo));
    }

    /// <summary>The recorded pid and what that process is now.</summary>
    public (int? Pid, SiloProcessState State) Inspect(LocalSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (RecordedPid(silo.Name) is not { } pid)
        {
            return (null, SiloProcessState.Gone);
        }

        var alive = ProcessTable.IsAlive(pid);
        var state = SiloProcessRule.Classify(silo.ConfigFile, RecordedStart(silo.Name), alive,
            alive ? ProcessTable.StartTime(pid) : null, alive ? ProcessTable.CommandLine(pid) : null);
        return (pid, state);
    }

    /// <summary>The pid of the running silo, or null.</summary>
    public int? RunningPid(LocalSilo silo) => Inspect(silo) is (var pid, SiloProcessState.Running) ? pid : null;

    // Like `tr -dc 0-9`: whatever else a hand-edited file holds is ignored.
    private static string? Digits(string file)
    {
        try
        {
            var digits = new string([.. File.ReadAllText(file).Where(char.IsAsciiDigit)]);
            return digits.Length > 0 ? digits : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
