using BankOrleans.ClusterControl;

namespace BankOrleans.ClusterTool;

/// <summary>Runs one <c>bank-cluster</c> command line; the exit codes and the text are <c>./bank</c>'s (docs/cli.md).</summary>
internal static class ClusterToolCommands
{
    private static readonly TimeSpan ClientHelpLimit = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, string root, TextWriter output, TextWriter errors)
    {
        try
        {
            var layout = ClusterLayout.Read(root);
            // What the script exported for everything it ran: the clients' gateways and CA follow the offset.
            Environment.SetEnvironmentVariable("BANK_GATEWAYS", layout.GatewayList());
            Environment.SetEnvironmentVariable("BANK_CLUSTER_CA", layout.ClusterCaFile);
            var command = ClusterCommandLine.Parse(args, layout.Topology.Names);
            var cluster = new LocalCluster(layout, output, errors);
            switch (command.Verb)
            {
                case ClusterVerb.Up:
                    await cluster.UpAsync().ConfigureAwait(false);
                    break;
                case ClusterVerb.Down:
                    await cluster.DownAsync().ConfigureAwait(false);
                    break;
                case ClusterVerb.Status:
                    await cluster.StatusAsync().ConfigureAwait(false);
                    break;
                case ClusterVerb.SiloKill or ClusterVerb.SiloStop:
                    await cluster.StopSiloAsync(command.Arguments[0], kill: command.Verb == ClusterVerb.SiloKill).ConfigureAwait(false);
                    break;
                case ClusterVerb.SiloStart:
                    await cluster.StartSiloAsync(command.Arguments[0]).ConfigureAwait(false);
                    break;
                case ClusterVerb.ComposeSecrets:
                    await ComposeSecrets.RunAsync(cluster, output, errors).ConfigureAwait(false);
                    break;
                case ClusterVerb.DashboardScreenshot:
                    await DashboardScreenshot.RunAsync(cluster, command.Arguments[0], output, errors).ConfigureAwait(false);
                    break;
                case ClusterVerb.Help:
                    return await HelpAsync(layout, output).ConfigureAwait(false);
                case ClusterVerb.ChaosCleanup:
                    await ChaosCleanup.RunAsync(root, command.Arguments[0]).ConfigureAwait(false);
                    break;
                case ClusterVerb.ClientEnvironment:
                    await ClientEnvironmentAsync(cluster, output, errors).ConfigureAwait(false);
                    break;
                case ClusterVerb.BenchPrepare:
                    await BenchPrepareAsync(cluster, command.Arguments, output, errors).ConfigureAwait(false);
                    break;
            }

            return ExitCodes.Ok;
        }
        catch (ClusterExitException ex)
        {
            await output.FlushAsync().ConfigureAwait(false);
            if (ex.Reason is not null)
            {
                await errors.WriteLineAsync("bank: " + ex.Reason).ConfigureAwait(false);
            }

            return ex.ExitCode;
        }
    }

    private static async Task<int> HelpAsync(ClusterLayout layout, TextWriter output)
    {
        await output.WriteAsync(ClusterUsage.Text(layout)).ConfigureAwait(false);
        if (!File.Exists(layout.ClientDll))
        {
            return ExitCodes.Ok;
        }

        await output.WriteAsync($"\nClient commands ({Path.GetFileName(layout.ClientDll)}):\n\n").ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
        return await ChildProcess.RunAttachedAsync(["dotnet", layout.ClientDll, "--help"], Environment.CurrentDirectory, ClientHelpLimit).ConfigureAwait(false);
    }

    // The console client runs as ./bank itself (exec): this prints what it needs, building it if missing.
    private static async Task ClientEnvironmentAsync(LocalCluster cluster, TextWriter output, TextWriter errors)
    {
        var layout = cluster.Layout;
        if (!File.Exists(layout.ClientDll))
        {
            await cluster.BuildAsync(layout.ClientProject, errors).ConfigureAwait(false);
        }

        await output.WriteAsync(new ShellAssignments()
            .Export("BANK_GATEWAYS", layout.GatewayList())
            .Export("BANK_CLUSTER_CA", layout.ClusterCaFile)
            .Set("CLIENT_DLL", layout.ClientDll)
            .ToString()).ConfigureAwait(false);
    }

    // The bench runs as ./bank itself (exec), against this cluster, which is started first if no
    // silo runs (and left running: ./bank down stops it). Only the bench's report goes to stdout.
    private static async Task BenchPrepareAsync(LocalCluster cluster, IReadOnlyList<string> benchArguments, TextWriter output, TextWriter errors)
    {
        var layout = cluster.Layout;
        // `-?` was a glob in the script: any two-character option asks for help, and help needs no cluster.
        var help = benchArguments.Any(a => a is "-h" or "--help" || (a.Length == 2 && a[0] == '-'));
        if (!help && !cluster.AnyRunning)
        {
            await new LocalCluster(layout, errors, errors).UpAsync().ConfigureAwait(false);
        }

        await cluster.BuildAsync(layout.BenchProject, errors).ConfigureAwait(false);
        if (!File.Exists(layout.ClientDll))
        {
            await cluster.BuildAsync(layout.ClientProject, errors).ConfigureAwait(false);
        }

        // The bench calls only grains that live on the masters (users, the write leader, accounts, the
        // audit). Through the reader's gateway every call would take a hop more, on the silo that also
        // applies every write (docs/benchmarks.md, "The client's gateway").
        await output.WriteAsync(new ShellAssignments()
            .Export("BANK_DATA_DIR", layout.DataDir)   // the client finds the operator token for admin verify there
            .Export("BANK_GATEWAYS", layout.GatewayList("master"))
            .Export("BANK_CLUSTER_CA", layout.ClusterCaFile)
            .Set("BENCH_DLL", layout.BenchDll)
            .Set("CLIENT_DLL", layout.ClientDll)
            .Set("DATA_DIR", layout.DataDir)
            .ToString()).ConfigureAwait(false);
    }
}
