using BankOrleans.ClusterControl;

namespace BankOrleans.ClusterTool;

/// <summary>
/// What <c>./bank chaos</c> runs when the chaos tool has ended, however it ended: the file lists
/// the data directories of the runs' clusters; each one that still has pid files is taken down,
/// and its firewall chain (<c>BANKCHAOS&lt;offset&gt;</c>) removed. The file is deleted.
/// </summary>
internal static class ChaosCleanup
{
    private static readonly TimeSpan IptablesLimit = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string root, string dirsFile)
    {
        var dirs = File.Exists(dirsFile) ? await File.ReadAllLinesAsync(dirsFile).ConfigureAwait(false) : [];
        foreach (var dir in dirs.Where(d => d.Length > 0))
        {
            var offsetFile = Path.Combine(dir, "port-offset");
            if (!File.Exists(offsetFile))
            {
                continue;
            }

            var offset = new string([.. (await File.ReadAllTextAsync(offsetFile).ConfigureAwait(false)).Where(char.IsAsciiDigit)]);
            await DownAsync(root, dir, offset).ConfigureAwait(false);
            await RemoveChainAsync(root, "BANKCHAOS" + offset).ConfigureAwait(false);
        }

        File.Delete(dirsFile);
    }

    private static async Task DownAsync(string root, string dir, string offset)
    {
        var pids = Path.Combine(dir, "pids");
        if (!Directory.Exists(pids) || !Directory.EnumerateFileSystemEntries(pids).Any())
        {
            return;
        }

        try
        {
            var layout = ClusterLayout.Read(root, name => name switch
            {
                "BANK_DATA_DIR" => dir,
                "BANK_PORT_OFFSET" => offset,
                _ => Environment.GetEnvironmentVariable(name),
            });
            await new LocalCluster(layout, TextWriter.Null, TextWriter.Null).DownAsync().ConfigureAwait(false);
        }
        catch (ClusterExitException)
        {
            // Best effort, as the script's `./bank down >/dev/null 2>&1 || true` was.
        }
    }

    private static async Task RemoveChainAsync(string root, string chain)
    {
        if (await IptablesAsync(root, "-n", "-L", chain).ConfigureAwait(false) != 0)
        {
            return;
        }

        while (await IptablesAsync(root, "-D", "OUTPUT", "-o", "lo", "-j", chain).ConfigureAwait(false) == 0)
        {
        }

        if (await IptablesAsync(root, "-F", chain).ConfigureAwait(false) == 0)
        {
            await IptablesAsync(root, "-X", chain).ConfigureAwait(false);
        }
    }

    private static async Task<int> IptablesAsync(string root, params string[] arguments)
    {
        var (exitCode, _) = await ChildProcess.CaptureAsync(["iptables", "-w", "5", .. arguments], root, null, mergeStderr: false, IptablesLimit).ConfigureAwait(false);
        return exitCode;
    }
}
