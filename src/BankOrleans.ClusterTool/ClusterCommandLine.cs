using BankOrleans.ClusterControl;

namespace BankOrleans.ClusterTool;

/// <summary>Parses the cluster commands' arguments, with <c>./bank</c>'s usage messages (exit 2).</summary>
internal static class ClusterCommandLine
{
    /// <summary>Parses <paramref name="args"/>; <paramref name="silos"/> are the known silo names.</summary>
    /// <exception cref="ClusterExitException">Exit 2: wrong arguments, an unknown silo or action, an unknown command.</exception>
    public static ClusterCommand Parse(IReadOnlyList<string> args, IReadOnlyList<string> silos)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(silos);
        var rest = args.Skip(1).ToList();
        switch (args.Count > 0 ? args[0] : "")
        {
            case "up":
                return NoArguments(ClusterVerb.Up, "up", rest);
            case "down":
                return NoArguments(ClusterVerb.Down, "down", rest);
            case "status":
                return NoArguments(ClusterVerb.Status, "status", rest);
            case "compose-secrets":
                return NoArguments(ClusterVerb.ComposeSecrets, "compose-secrets", rest);
            case "dashboard-screenshot":
                return rest.Count == 1
                    ? new(ClusterVerb.DashboardScreenshot, rest)
                    : throw Usage("usage: ./bank dashboard-screenshot OUT.png");
            case "silo":
                return Silo(rest, silos);
            case "help" or "-h" or "--help":
                return new(ClusterVerb.Help, []);
            case "chaos-cleanup":
                return rest.Count == 1 ? new(ClusterVerb.ChaosCleanup, rest) : throw Usage("usage: bank-cluster chaos-cleanup DIRS-FILE");
            case "client-env":
                return NoArguments(ClusterVerb.ClientEnvironment, "client-env", rest);
            case "bench-prepare":
                return new(ClusterVerb.BenchPrepare, rest);
            default:
                throw Usage($"unknown cluster command '{(args.Count > 0 ? args[0] : "")}' (./bank help lists them)");
        }
    }

    private static ClusterCommand Silo(List<string> rest, IReadOnlyList<string> silos)
    {
        if (rest.Count != 2)
        {
            throw Usage($"usage: ./bank silo kill|stop|start <name>   (names: {string.Join(' ', silos)})");
        }

        var (action, name) = (rest[0], rest[1]);
        if (!silos.Contains(name))
        {
            throw Usage($"unknown silo '{name}' (known: {string.Join(' ', silos)})");
        }

        return action switch
        {
            "kill" => new(ClusterVerb.SiloKill, [name]),
            "stop" => new(ClusterVerb.SiloStop, [name]),
            "start" => new(ClusterVerb.SiloStart, [name]),
            _ => throw Usage($"unknown silo action '{action}' (kill, stop or start)"),
        };
    }

    private static ClusterCommand NoArguments(ClusterVerb verb, string name, List<string> rest) =>
        rest.Count == 0 ? new(verb, []) : throw Usage($"usage: ./bank {name}");

    private static ClusterExitException Usage(string message) => new(ExitCodes.Usage, message);
}
