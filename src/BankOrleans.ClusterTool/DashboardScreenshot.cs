using BankOrleans.ClusterControl;

namespace BankOrleans.ClusterTool;

/// <summary>
/// <c>./bank dashboard-screenshot OUT.png</c>: headless chromium signs in to the dashboard with the
/// operator token and saves a PNG, bounded to 90 s by <c>timeout</c> (which also kills chromium's
/// own children).
/// </summary>
internal static class DashboardScreenshot
{
    private static readonly TimeSpan OuterLimit = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(LocalCluster cluster, string outArgument, TextWriter output, TextWriter errors)
    {
        var layout = cluster.Layout;
        var outFile = Path.GetFullPath(outArgument);
        var browser = OnPath("chromium") ?? OnPath("chromium-browser")
            ?? throw new ClusterExitException(ExitCodes.Error, "chromium is not installed (Debian: apt-get install -y chromium)");
        if (!cluster.IsRunning(layout.DashboardSilo.Name))
        {
            throw new ClusterExitException(ExitCodes.Unavailable, $"{layout.DashboardSilo.Name} (the dashboard) is not running; ./bank up first");
        }

        var token = layout.Environment("BANK_Bank__Security__OperatorToken");
        if (string.IsNullOrEmpty(token))
        {
            var file = Path.Combine(layout.SecretsDir, "operator-token");
            if (!File.Exists(file) || new FileInfo(file).Length == 0)
            {
                throw new ClusterExitException(ExitCodes.Error, $"no operator token in {layout.SecretsDir} (start the cluster with ./bank up)");
            }

            token = (await File.ReadAllTextAsync(file).ConfigureAwait(false)).Replace("\n", "", StringComparison.Ordinal);
        }

        var profile = Directory.CreateTempSubdirectory("tmp.");
        try
        {
            // The login URL hands the token to the local browser only; the cookie it gets back (a keyed
            // hash, not the token) authenticates the page's own requests. Virtual time lets the page
            // fetch and draw its first samples before the shot.
            var log = Path.Combine(profile.FullName, "chromium.log");
            var rc = await ChildProcess.RunToFileAsync(
                ["timeout", "--kill-after=5", "90", browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    $"--user-data-dir={profile.FullName}", "--window-size=1400,900", "--virtual-time-budget=8000",
                    $"--screenshot={outFile}", $"{layout.DashboardUrl}login?token={token}"],
                log, Environment.CurrentDirectory, null, OuterLimit).ConfigureAwait(false);
            if (rc != 0 || !File.Exists(outFile) || new FileInfo(outFile).Length == 0)
            {
                foreach (var line in FileTail.Last(log, 5))
                {
                    await errors.WriteLineAsync(line).ConfigureAwait(false);
                }

                throw new ClusterExitException(ExitCodes.Error, $"chromium could not take the screenshot (exit {rc})");
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }

        await output.WriteLineAsync($"dashboard screenshot: {outFile}").ConfigureAwait(false);
    }

    /// <summary>The first executable <paramref name="name"/> on PATH (what <c>command -v</c> finds), or null.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(path => File.Exists(path) && !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
