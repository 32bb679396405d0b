using BankOrleans.Chaos;
using BankOrleans.Chaos.Faults;
using Xunit.Abstractions;

namespace BankOrleans.Chaos.Tests;

/// <summary>
/// The short CI campaign: every scenario once, briefly, through the same code as ./bank chaos
/// (its own multi-process cluster via ./bank up on a free port offset, torn down at the end).
/// About a minute per scenario (two for the disk faults); each run is bounded.
/// </summary>
public sealed class ShortCampaignTests(ITestOutputHelper output)
{
    // Fixed seeds so that a CI failure names its replay: ./bank chaos --scenario S --seed 7001.
    private const int Seed = 7001;

    public static TheoryData<string> Scenarios => [.. ScenarioCatalog.Names];

    // 5 minutes: a disk fault's step also waits (up to 60 s) for its master's recovery, and a
    // recovery that fails must show as a failed check, not as this timeout.
    [Theory(Timeout = 5 * 60 * 1000)]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_keeps_every_check(string scenario)
    {
        var root = ChaosArguments.FindRepoRoot() ?? throw new InvalidOperationException("repository root not found");
        var progress = new StringWriter();
        var settings = new ChaosSettings(scenario, TimeSpan.FromSeconds(12), Seed, root)
        {
            WarmUp = TimeSpan.FromSeconds(3),
            Recovery = TimeSpan.FromSeconds(10),
            Progress = progress,
        };

        var report = await ChaosRun.RunAsync(settings);

        output.WriteLine(progress.ToString());
        output.WriteLine(report.ToText());
        Assert.True(report.Ok, report.ToText());
        Assert.True(report.Acknowledged > 0, "no transfer was acknowledged");
    }
}
