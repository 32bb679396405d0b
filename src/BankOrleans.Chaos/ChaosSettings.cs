namespace BankOrleans.Chaos;

/// <summary>One chaos run: which scenario, how long its fault phase lasts, and the seed that drives every random choice.</summary>
/// <param name="Scenario">A name of <see cref="Faults.ScenarioCatalog"/>.</param>
/// <param name="Duration">How long faults are injected (the workload runs before, during and after).</param>
/// <param name="Seed">Drives the fault schedule and the workload; the same seed replays the same choices.</param>
/// <param name="RepoRoot">The repository whose silo-config and Release builds the run's cluster runs (as <c>./bank up</c> does).</param>
public sealed record ChaosSettings(string Scenario, TimeSpan Duration, int Seed, string RepoRoot)
{
    /// <summary>The funded accounts the workload moves money between.</summary>
    public int Accounts { get; init; } = 6;

    /// <summary>What each account is funded with, in cents.</summary>
    public long FundingCents { get; init; } = 100_000;

    /// <summary>Concurrent transfer workers (the machine has 2 cores shared by 4 silos).</summary>
    public int TransferWorkers { get; init; } = 3;

    /// <summary>Traffic before the first fault; its throughput is the baseline that must return after healing.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Traffic after healing; throughput is measured over its second half.</summary>
    public TimeSpan Recovery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long masters and reader get to agree after healing (ARCHITECTURE-level promise: 30 s).</summary>
    public TimeSpan ConvergenceLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Progress lines go here (stderr in the command line); null for silence.</summary>
    public TextWriter? Progress { get; init; }
}
