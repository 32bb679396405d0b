using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BankOrleans.Chaos.Reporting;

/// <summary>The outcome of one chaos run: a verdict per check, the counts, and the seed that replays it.</summary>
/// <param name="Scenario">The scenario run.</param>
/// <param name="Seed">The seed that drove it.</param>
/// <param name="Checks">Check name → (held, what it saw), in check order.</param>
/// <param name="Acknowledged">Transfers acknowledged.</param>
/// <param name="Failed">Transfers definitely failed.</param>
/// <param name="Unknown">Transfers with an unknown outcome.</param>
/// <param name="Log">The run's progress lines.</param>
public sealed record ChaosReport(
    string Scenario,
    int Seed,
    IReadOnlyList<KeyValuePair<string, (bool Ok, string Detail)>> Checks,
    int Acknowledged,
    int Failed,
    int Unknown,
    IReadOnlyList<string> Log)
{
    /// <summary>Whether every check held (and there was at least one).</summary>
    public bool Ok => Checks.Count > 0 && Checks.All(c => c.Value.Ok);

    /// <summary>The one-object JSON form: scenario, seed, ok, checks (name → bool), acknowledged, failed, unknown, details.</summary>
    public string ToJson()
    {
        var checks = new JsonObject();
        var details = new JsonObject();
        foreach (var (name, (ok, detail)) in Checks)
        {
            checks[name] = ok;
            details[name] = detail;
        }

        var json = new JsonObject
        {
            ["scenario"] = Scenario,
            ["seed"] = Seed,
            ["ok"] = Ok,
            ["checks"] = checks,
            ["acknowledged"] = Acknowledged,
            ["failed"] = Failed,
            ["unknown"] = Unknown,
            ["details"] = details,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>The report for people: one line per check, the counts, and how to replay.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"chaos scenario {Scenario}, seed {Seed}");
        foreach (var (name, (ok, detail)) in Checks)
        {
            text.AppendLine($"  {(ok ? "PASS" : "FAIL")}  {name,-26} {detail}");
        }

        text.AppendLine($"  transfers: {Acknowledged} acknowledged, {Failed} failed, {Unknown} unknown");
        text.AppendLine($"  verdict: {(Ok ? "OK" : "FAILED")}   replay: ./bank chaos --scenario {Scenario} --seed {Seed}");
        return text.ToString();
    }
}
