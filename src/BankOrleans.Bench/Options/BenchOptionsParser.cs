using System.CommandLine;
using System.CommandLine.Help;
using BankOrleans.Bench.Targets;
using BankOrleans.Topology;

namespace BankOrleans.Bench.Options;

/// <summary>
/// The command line of <c>./bank bench</c> (System.CommandLine): parses it into
/// <see cref="BenchOptions"/> or into the list of what is wrong with it.
/// </summary>
public static class BenchOptionsParser
{
    /// <summary>The outcome of parsing: options, or errors, or a request for help (then both are empty).</summary>
    /// <param name="Options">The options when the command line is valid and not a help request.</param>
    /// <param name="Errors">Every problem found, for people.</param>
    /// <param name="Parsed">System.CommandLine's own result (invoke it to print the help).</param>
    public sealed record Result(BenchOptions? Options, IReadOnlyList<string> Errors, ParseResult Parsed)
    {
        /// <summary>Whether <c>--help</c> (or <c>-h</c>, <c>-?</c>) was given.</summary>
        public bool HelpRequested => Parsed.Action is HelpAction;
    }

    /// <summary>Parses <paramref name="args"/>; <paramref name="environment"/> supplies BANK_GATEWAYS and BANK_DATA_DIR.</summary>
    public static Result Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var defaults = new BenchOptions();

        var accounts = Positive("--accounts", "Accounts opened and funded before the run", defaults.Accounts, minimum: 2);
        var concurrency = Positive("--concurrency", "Concurrent workers, each waiting for its answer", defaults.Concurrency, minimum: 1);
        var fundConcurrency = Positive("--fund-concurrency", "Accounts opened and funded at once before the run", defaults.FundConcurrency, minimum: 1);
        var duration = Positive("--duration", "Seconds measured per run", (int)defaults.Duration.TotalSeconds, minimum: 1);
        var warmup = Positive("--warmup", "Seconds of load before measuring starts", (int)defaults.Warmup.TotalSeconds, minimum: 0);
        var mix = new Option<string>("--mix")
        {
            Description = "Operations: transfer, or a list such as transfer,deposit,withdraw,balance (kind[:weight]); login only without --compare and with --no-ceiling",
            DefaultValueFactory = _ => "transfer",
        };
        mix.Validators.Add(r =>
        {
            if (!WorkloadMix.TryParse(r.GetValueOrDefault<string>() ?? string.Empty, out _, out var error))
            {
                r.AddError(error!);
            }
        });
        var seed = new Option<int>("--seed") { Description = "Random seed of the workload", DefaultValueFactory = _ => defaults.Seed };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout (progress goes to stderr)" };
        var compare = new Option<bool>("--compare") { Description = "Also run the Orleans Transactions peer: durable (alternating with ours) and in memory" };
        var rounds = Positive("--rounds", "With --compare: runs of ours and of the durable peer, alternating", defaults.Rounds, minimum: 1);
        var baselineSilos = Positive("--baseline-silos", "Silo processes of the Orleans Transactions peer", defaults.BaselineSilos, minimum: 1);
        var baselinePort = Positive("--baseline-port", "First silo port of the peer (gateways from +100), on 127.0.0.1", defaults.BaselinePort, minimum: 1024);
        var skipCeiling = new Option<bool>("--no-ceiling") { Description = "Skip the single-node SQLite ceiling" };
        var gateway = new Option<string[]>("--gateway")
        {
            Description = "The bank's gateway ip:port (repeatable; default BANK_GATEWAYS or the four local gateways)",
            AllowMultipleArgumentsPerToken = false,
        };
        var anyGateway = new Option<bool>("--any-gateway")
        {
            Description = "Send the bank's calls through any of its gateways, as the console client does (default: the write leader's silo's gateway alone, found after funding)",
        };
        var dataDir = new Option<string?>("--data-dir") { Description = "The bank's data directory, for the silos' pid files (default BANK_DATA_DIR or ./data)" };
        var client = new Option<string?>("--client") { Description = "The console client's assembly (bank-client.dll), for admin verify" };
        var workDir = new Option<string?>("--work-dir") { Description = "Directory for the peer's and the ceiling's files (default: a new temporary directory)" };

        var root = new RootCommand("Benchmark the bank: committed transfers/s and latency, against Orleans Transactions and a single-node SQLite ceiling.");
        foreach (var option in new Option[] { accounts, concurrency, fundConcurrency, duration, warmup, mix, seed, json, compare, rounds, baselineSilos, baselinePort, skipCeiling, gateway, anyGateway, dataDir, client, workDir })
        {
            root.Options.Add(option);
        }

        var parsed = root.Parse([.. args]);
        if (parsed.Action is HelpAction)
        {
            return new Result(null, [], parsed);
        }

        if (parsed.Errors.Count > 0)
        {
            return new Result(null, [.. parsed.Errors.Select(e => e.Message)], parsed);
        }

        if (parsed.GetValue(accounts) < 2 * parsed.GetValue(concurrency))
        {
            return new Result(null, ["--accounts must be at least twice --concurrency: each worker is a customer moving money between its own accounts"], parsed);
        }

        WorkloadMix.TryParse(parsed.GetValue(mix)!, out var workloadMix, out _);
        if (workloadMix!.LogsIn && (parsed.GetValue(compare) || !parsed.GetValue(skipCeiling)))
        {
            return new Result(null, ["--mix login measures the bank's logins, which the Orleans Transactions peer and the SQLite ceiling do not have: run it without --compare and with --no-ceiling"], parsed);
        }

        var gateways = parsed.GetValue(gateway) is { Length: > 0 } given
            ? given
            : environment("BANK_GATEWAYS") is { Length: > 0 } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : BankTopology.Local.LocalGateways().ToArray();
        var badGateways = gateways
            .Select(g => GatewayEndpoint.TryParse(g, out _, out var error) ? null : error)
            .OfType<string>()
            .ToArray();
        if (badGateways.Length > 0)
        {
            return new Result(null, badGateways, parsed);
        }

        var options = new BenchOptions
        {
            Accounts = parsed.GetValue(accounts),
            Concurrency = parsed.GetValue(concurrency),
            FundConcurrency = parsed.GetValue(fundConcurrency),
            Duration = TimeSpan.FromSeconds(parsed.GetValue(duration)),
            Warmup = TimeSpan.FromSeconds(parsed.GetValue(warmup)),
            Mix = workloadMix,
            Seed = parsed.GetValue(seed),
            Json = parsed.GetValue(json),
            Compare = parsed.GetValue(compare),
            Rounds = parsed.GetValue(rounds),
            BaselineSilos = parsed.GetValue(baselineSilos),
            BaselinePort = parsed.GetValue(baselinePort),
            SkipCeiling = parsed.GetValue(skipCeiling),
            Gateways = gateways,
            PinLeaderGateway = !parsed.GetValue(anyGateway),
            DataDirectory = parsed.GetValue(dataDir) ?? environment("BANK_DATA_DIR") ?? "data",
            ClientAssembly = parsed.GetValue(client),
            WorkDirectory = parsed.GetValue(workDir),
        };
        return new Result(options, [], parsed);
    }

    private static Option<int> Positive(string name, string description, int defaultValue, int minimum)
    {
        var option = new Option<int>(name) { Description = $"{description}", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            // Only a value that is a number is checked here; System.CommandLine reports the others.
            if (r.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < minimum)
            {
                r.AddError($"{name} must be at least {minimum}");
            }
        });
        return option;
    }
}
