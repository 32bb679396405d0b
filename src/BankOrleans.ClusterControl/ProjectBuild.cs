namespace BankOrleans.ClusterControl;

/// <summary>Release builds of the projects a command runs: incremental, the output shown only when a build fails.</summary>
internal static class ProjectBuild
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    /// <summary>Builds <paramref name="project"/>, saying so on <paramref name="progress"/>.</summary>
    /// <exception cref="ClusterExitException">Exit 1: the build failed; its last 40 lines went to <paramref name="errors"/>.</exception>
    public static async Task BuildAsync(ClusterLayout layout, string project, TextWriter progress, TextWriter errors, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(layout.LogDir);
        Directory.CreateDirectory(layout.PidDir);
        var log = Path.Combine(layout.LogDir, "build.log");
        var name = Path.GetFileName(project);
        await progress.WriteLineAsync($"building {name} (Release)…").ConfigureAwait(false);
        await progress.FlushAsync(cancellationToken).ConfigureAwait(false);
        var exitCode = await ChildProcess.RunToFileAsync(
            ["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "quiet"], log, layout.Root, null, Limit, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            foreach (var line in FileTail.Last(log, 40))
            {
                await errors.WriteLineAsync(line).ConfigureAwait(false);
            }

            throw new ClusterExitException(ExitCodes.Error, $"build of {name} failed (full output: {log})");
        }
    }
}
