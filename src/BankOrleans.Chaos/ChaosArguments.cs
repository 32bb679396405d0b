using System.Globalization;
using BankOrleans.Chaos.Faults;

namespace BankOrleans.Chaos;

/// <summary>The command line of ./bank chaos, parsed into <see cref="ChaosSettings"/>, or a usage error.</summary>
internal sealed record ChaosArguments(ChaosSettings? Settings, bool Json, string? Error)
{
    public static string Usage =>
        "usage: ./bank chaos --scenario NAME [--duration SECONDS] [--seed N] [--json]\n  scenarios: " + string.Join(", ", ScenarioCatalog.Names);

    public static ChaosArguments Parse(IReadOnlyList<string> args)
    {
        string? scenario = null;
        var duration = 30;
        var seed = Environment.TickCount & 0x7fffffff;
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--scenario":
                    scenario = Next();
                    break;
                case "--duration" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 3600:
                    duration = d;
                    break;
                case "--seed" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    return new(null, json, $"bad argument '{args[i]}'");
            }
        }

        if (scenario is null || ScenarioCatalog.Find(scenario) is null)
        {
            return new(null, json, scenario is null ? "--scenario is required" : $"unknown scenario '{scenario}'");
        }

        var root = Environment.GetEnvironmentVariable("BANK_ROOT") ?? FindRepoRoot();
        if (root is null)
        {
            return new(null, json, "cannot find the repository's ./bank (set BANK_ROOT)");
        }

        return new(new ChaosSettings(scenario, TimeSpan.FromSeconds(duration), seed, root) { Progress = Console.Error }, json, null);
    }

    /// <summary>The nearest directory above this program holding both ./bank and BankOrleans.sln.</summary>
    public static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bank")) && File.Exists(Path.Combine(dir.FullName, "BankOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
