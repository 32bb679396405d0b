namespace BankOrleans.Silo.Configuration;

/// <summary>
/// How fast a dead silo is noticed: the <c>Membership</c> section, mapped onto Orleans'
/// <c>ClusterMembershipOptions</c>. The defaults declare a killed silo dead in a few seconds
/// (about ProbeTimeout × NumMissedProbesLimit plus a vote), instead of Orleans' 5–11 s.
/// </summary>
public sealed class FailureDetectionOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Membership";

    /// <summary>Time a silo waits for a probe answer. Default 2 s (Orleans: 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects its target. Default 2 (Orleans: 3).</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions needed to declare a silo dead. Default 2 (Orleans: 2); with 4 silos 2 is a majority of the probers.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How often each silo re-reads the membership table. Default 5 s (Orleans: 60 s).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each silo writes its IAmAlive time (what <c>./bank status</c> shows). Default 10 s (Orleans: 30 s).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a suspicion vote counts. Default 1 min (Orleans: 2 min).</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
