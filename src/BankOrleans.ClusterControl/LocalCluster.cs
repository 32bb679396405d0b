using System.Diagnostics;
using System.Globalization;

namespace BankOrleans.ClusterControl;

/// <summary>
/// The cluster commands of <c>./bank</c> on one <see cref="ClusterLayout"/>: <c>up</c>, <c>down</c>,
/// <c>status</c>, <c>silo kill|stop|start</c>. What the script printed goes to <c>output</c> (and its
/// diagnostics to <c>errors</c>), word for word; a command that fails throws
/// <see cref="ClusterExitException"/> with the script's exit code. Processes are only ever
/// signalled by a recorded pid that is still the process that was started (<see cref="SiloProcessRule"/>).
/// </summary>
public sealed class LocalCluster(ClusterLayout layout, TextWriter output, TextWriter errors)
{
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ServePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    /// <summary>The cluster's layout.</summary>
    public ClusterLayout Layout => layout;

    /// <summary>The silos' pid files.</summary>
    public SiloPidFiles Pids { get; } = new(layout.PidDir);

    /// <summary>The pid of the running silo named <paramref name="silo"/>, or null (unknown name, stopped, or not yet exec'd).</summary>
    public int? RunningPid(string silo) => layout.Find(silo) is { } place ? Pids.RunningPid(place) : null;

    /// <summary>Whether the silo named <paramref name="silo"/> runs.</summary>
    public bool IsRunning(string silo) => RunningPid(silo) is not null;

    /// <summary>Whether any silo runs.</summary>
    public bool AnyRunning => layout.Silos.Any(s => Pids.RunningPid(s) is not null);

    /// <summary>
    /// <c>./bank up</c>: builds the silo and the client, makes the secrets, starts every silo and
    /// returns when the cluster reports them all Active.
    /// </summary>
    /// <exception cref="ClusterExitException">Exit 1: already running, a port taken, a build failed. Exit 4: the silos did not serve in time (those it started are killed).</exception>
    public async Task UpAsync(CancellationToken cancellationToken = default)
    {
        using var held = await TakeLockAsync(cancellationToken).ConfigureAwait(false);
        var running = layout.Silos.Select(s => (s.Name, Pid: Pids.RunningPid(s))).Where(s => s.Pid is not null).Select(s => $"{s.Name} (pid {s.Pid})").ToList();
        if (running.Count > 0)
        {
            throw new ClusterExitException(ExitCodes.Error, $"the cluster is already running: {string.Join(' ', running)}; use ./bank status, or ./bank down first");
        }

        await CheckPortsFreeAsync(layout.Silos).ConfigureAwait(false);
        await BuildAsync(layout.SiloProject, output, cancellationToken).ConfigureAwait(false);
        await BuildAsync(layout.ClientProject, output, cancellationToken).ConfigureAwait(false);
        await ClusterSecrets.MakeAsync(layout, layout.SecretsDir, cancellationToken).ConfigureAwait(false);

        foreach (var silo in layout.Silos)
        {
            await StartOneAsync(silo, cancellationToken).ConfigureAwait(false);
        }

        await SayAsync($"started {layout.NameList}; waiting up to {Seconds(layout.UpTimeout)}s until they serve…").ConfigureAwait(false);
        if (!await WaitUntilServingAsync(layout.Silos, cancellationToken).ConfigureAwait(false))
        {
            await errors.WriteLineAsync("stopping the silos this command started").ConfigureAwait(false);
            await StopSilosAsync(layout.Silos, kill: true, errors, cancellationToken).ConfigureAwait(false);
            throw new ClusterExitException(ExitCodes.Unavailable, null);
        }

        await SayAsync($"BankOrleans is up: {layout.NameList} active.").ConfigureAwait(false);
        await SayAsync($"  data: {layout.DataDir}").ConfigureAwait(false);
        await SayAsync($"  logs: {layout.LogDir}/<silo>.log").ConfigureAwait(false);
        await SayAsync("  next: ./bank status | ./bank admin status | ./bank down").ConfigureAwait(false);
        await SayAsync($"  dashboard: {layout.DashboardUrl} (password: the operator token in {layout.SecretsDir}/operator-token)").ConfigureAwait(false);
    }

    /// <summary><c>./bank down</c>: SIGTERM to every silo, SIGKILL to those still alive after the stop timeout; removes the pid files.</summary>
    /// <exception cref="ClusterExitException">Exit 1: a silo survived SIGKILL too.</exception>
    public async Task DownAsync(CancellationToken cancellationToken = default)
    {
        using var held = await TakeLockAsync(cancellationToken).ConfigureAwait(false);
        await StopSilosAsync(layout.Silos, kill: false, output, cancellationToken).ConfigureAwait(false);
        await SayAsync("stopped.").ConfigureAwait(false);
    }

    /// <summary><c>./bank status</c>: each silo's process, pid, readiness and the cluster's view; the dashboard and health ports.</summary>
    public async Task StatusAsync(CancellationToken cancellationToken = default)
    {
        var any = AnyRunning;
        var view = any ? await ClusterView.QueryAsync(layout, cancellationToken).ConfigureAwait(false) : [];
        var rows = new List<SiloStatusRow>();
        foreach (var silo in layout.Silos)
        {
            var pid = Pids.RunningPid(silo);
            var health = pid is null ? "-" : await HealthProbe.ReadinessAsync(silo.HealthPort, cancellationToken).ConfigureAwait(false);
            rows.Add(new SiloStatusRow(silo.Name, silo.Role, pid is null ? "stopped" : "running",
                pid?.ToString(CultureInfo.InvariantCulture) ?? "-", health,
                StatusReport.ClusterColumn(ClusterView.StatusOf(view, silo.Name), any, view.Count == 0)));
        }

        await output.WriteAsync(StatusReport.Format(rows, layout, Pids.RunningPid(layout.DashboardSilo) is not null)).ConfigureAwait(false);
    }

    /// <summary><c>./bank silo kill|stop NAME</c>: SIGKILL, or a graceful stop, of one silo; says so when it does not run.</summary>
    /// <exception cref="ClusterExitException">Exit 2: unknown silo. Exit 1: it survived SIGKILL.</exception>
    public async Task StopSiloAsync(string name, bool kill, CancellationToken cancellationToken = default)
    {
        var silo = Known(name);
        using var held = await TakeLockAsync(cancellationToken).ConfigureAwait(false);
        if (!SiloProcessRule.MayStop(Pids.Inspect(silo).State))
        {
            Pids.Forget(silo.Name);
            await SayAsync($"{silo.Name} is not running.").ConfigureAwait(false);
            return;
        }

        await StopSilosAsync([silo], kill, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>./bank silo start NAME</c>: starts one silo again (no build: that would rewrite the
    /// assemblies the others run) and waits until the cluster reports it Active.
    /// </summary>
    /// <exception cref="ClusterExitException">Exit 2: unknown silo. Exit 1: already running, not built, a port taken. Exit 4: it did not serve in time (it is killed).</exception>
    public async Task StartSiloAsync(string name, CancellationToken cancellationToken = default)
    {
        var silo = Known(name);
        using var held = await TakeLockAsync(cancellationToken).ConfigureAwait(false);
        if (Pids.RunningPid(silo) is { } pid)
        {
            throw new ClusterExitException(ExitCodes.Error, $"{silo.Name} is already running (pid {pid})");
        }

        if (!File.Exists(layout.SiloDll))
        {
            throw new ClusterExitException(ExitCodes.Error, "the silo is not built yet; run ./bank up");
        }

        if (!File.Exists(layout.ClientDll))
        {
            await BuildAsync(layout.ClientProject, output, cancellationToken).ConfigureAwait(false);
        }

        await CheckPortsFreeAsync([silo]).ConfigureAwait(false);
        await ClusterSecrets.MakeAsync(layout, layout.SecretsDir, cancellationToken).ConfigureAwait(false);
        await StartOneAsync(silo, cancellationToken).ConfigureAwait(false);
        await SayAsync($"started {silo.Name}; waiting up to {Seconds(layout.UpTimeout)}s until it serves…").ConfigureAwait(false);
        if (!await WaitUntilServingAsync([silo], cancellationToken).ConfigureAwait(false))
        {
            await StopSilosAsync([silo], kill: true, errors, cancellationToken).ConfigureAwait(false);
            throw new ClusterExitException(ExitCodes.Unavailable, null);
        }

        await SayAsync($"{silo.Name} is active.").ConfigureAwait(false);
    }

    /// <summary>Builds <paramref name="project"/> in Release (incremental), saying so on <paramref name="progress"/>; the output is shown only if it fails.</summary>
    /// <exception cref="ClusterExitException">Exit 1: the build failed.</exception>
    public Task BuildAsync(string project, TextWriter progress, CancellationToken cancellationToken = default) =>
        ProjectBuild.BuildAsync(layout, project, progress, errors, cancellationToken);

    /// <summary>Makes the secrets missing in <paramref name="directory"/> (session key, operator token, cluster CA and certificate).</summary>
    /// <exception cref="ClusterExitException">Exit 1: the silo could not make the TLS files.</exception>
    public Task MakeSecretsAsync(string directory, CancellationToken cancellationToken = default) =>
        ClusterSecrets.MakeAsync(layout, directory, cancellationToken);

    /// <summary>The silo named <paramref name="name"/>.</summary>
    /// <exception cref="ClusterExitException">Exit 2: no such silo.</exception>
    public LocalSilo Known(string name) =>
        layout.Find(name) ?? throw new ClusterExitException(ExitCodes.Usage, $"unknown silo '{name}' (known: {layout.NameList})");

    private async Task<ClusterLock> TakeLockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.LogDir);
        Directory.CreateDirectory(layout.PidDir);
        return await ClusterLock.TakeAsync(layout.DataDir, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartOneAsync(LocalSilo silo, CancellationToken cancellationToken)
    {
        var (pid, _) = SiloLauncher.Start(layout, silo, Pids);
        await SiloLauncher.WaitForExecAsync(silo, pid, cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckPortsFreeAsync(IEnumerable<LocalSilo> silos)
    {
        foreach (var silo in silos)
        {
            foreach (var port in silo.Ports())
            {
                if (ListeningPorts.InUse(port))
                {
                    var holder = await ListeningPorts.DescribeAsync(port, layout.Root).ConfigureAwait(false);
                    throw new ClusterExitException(ExitCodes.Error, $"port {port} (needed by {silo.Name}) is already in use on this machine: {holder}");
                }
            }
        }
    }

    // Sends SIGTERM (or SIGKILL) to the silos, waits, then SIGKILLs survivors. A process this
    // command started that has not exec'd the silo yet is stopped too: forgetting its pid would
    // leave it running where down cannot find it.
    private async Task StopSilosAsync(IEnumerable<LocalSilo> silos, bool kill, TextWriter say, CancellationToken cancellationToken)
    {
        var signal = kill ? PosixSignal.Kill : PosixSignal.Term;
        var stopping = new List<(LocalSilo Silo, int Pid, long? Start)>();
        foreach (var silo in silos)
        {
            if (Pids.Inspect(silo) is ({ } pid, var state) && SiloProcessRule.MayStop(state))
            {
                var start = ProcessTable.StartTime(pid);
                PosixSignal.Send(pid, signal);
                stopping.Add((silo, pid, start));
                await say.WriteLineAsync($"{silo.Name}: sent SIG{PosixSignal.Name(signal)} to pid {pid}").ConfigureAwait(false);
            }
            else
            {
                Pids.Forget(silo.Name);
            }
        }

        var escalated = false;
        var watch = Stopwatch.StartNew();
        while (stopping.Count > 0)
        {
            foreach (var gone in stopping.Where(s => !IsSameProcess(s.Pid, s.Start)).ToList())
            {
                Pids.Forget(gone.Silo.Name);
                stopping.Remove(gone);
            }

            if (stopping.Count == 0)
            {
                break;
            }

            if (watch.Elapsed >= layout.StopTimeout && !escalated)
            {
                foreach (var (silo, pid, start) in stopping)
                {
                    await say.WriteLineAsync($"{silo.Name}: still alive after {Seconds(layout.StopTimeout)}s, sending SIGKILL to pid {pid}").ConfigureAwait(false);
                    if (IsSameProcess(pid, start))
                    {
                        PosixSignal.Send(pid, PosixSignal.Kill);
                    }
                }

                escalated = true;
            }
            else if (watch.Elapsed >= layout.StopTimeout + KillGrace)
            {
                throw new ClusterExitException(ExitCodes.Error,
                    $"could not stop {string.Join(' ', stopping.Select(s => s.Silo.Name))} (pids {string.Join(' ', stopping.Select(s => s.Pid))})");
            }

            await Task.Delay(StopPoll, cancellationToken).ConfigureAwait(false);
        }

        await say.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Waits until every silo runs and the cluster reports it Active; on failure prints the failing
    // silos' last log lines. A silo still exec'ing (Starting) is waited for, not given up on: a
    // start under load once saw a silo's command line empty mid-exec and killed the four it had
    // just started.
    private async Task<bool> WaitUntilServingAsync(IReadOnlyList<LocalSilo> silos, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            foreach (var silo in silos)
            {
                if (!SiloProcessRule.MayStop(Pids.Inspect(silo).State))
                {
                    await ReportFailureAsync(silo, "exited during start-up").ConfigureAwait(false);
                    return false;
                }
            }

            var pending = silos.Where(s => Pids.RunningPid(s) is null || !ListeningPorts.InUse(s.GatewayPort)).ToList();
            if (pending.Count == 0)
            {
                var view = await ClusterView.QueryAsync(layout, cancellationToken).ConfigureAwait(false);
                pending = [.. silos.Where(s => !view.Contains((s.Name, "Active")))];
                if (pending.Count == 0)
                {
                    return true;
                }
            }

            if (watch.Elapsed >= layout.UpTimeout)
            {
                foreach (var silo in pending)
                {
                    await ReportFailureAsync(silo, $"not active after {Seconds(layout.UpTimeout)}s").ConfigureAwait(false);
                }

                return false;
            }

            await Task.Delay(ServePoll, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReportFailureAsync(LocalSilo silo, string why)
    {
        var log = layout.LogFile(silo.Name);
        await errors.WriteLineAsync($"bank: {silo.Name} {why}; last lines of {log}:").ConfigureAwait(false);
        foreach (var line in FileTail.Last(log, 25))
        {
            await errors.WriteLineAsync("    " + line).ConfigureAwait(false);
        }

        await errors.FlushAsync().ConfigureAwait(false);
    }

    private async Task SayAsync(string line)
    {
        await output.WriteLineAsync(line).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static bool IsSameProcess(int pid, long? start) => ProcessTable.IsAlive(pid) && (start is null || ProcessTable.StartTime(pid) == start);

    private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
