using BankOrleans.Protocol.Reading;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>The knobs of one simulated run; everything else is drawn from the seed.</summary>
internal sealed record SimulationSettings
{
    public int Accounts { get; init; } = 4;

    public int Clients { get; init; } = 3;

    public int OperationsPerClient { get; init; } = 8;

    /// <summary>Faults are injected until this virtual time; then the network heals and everything restarts.</summary>
    public TimeSpan FaultWindow { get; init; } = TimeSpan.FromSeconds(40);

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Even-numbered clients send through one shared coordinator that runs their operations
    /// concurrently (the write leader); odd-numbered ones keep their own. A crash, pause or cut of
    /// any of those clients hits the shared one.
    /// </summary>
    public bool SharedLeader { get; init; }

    /// <summary>Mutation: a council member that does not answer counts as a grant (the seed's unsafe rule).</summary>
    public bool SilentCouncilMemberCountsAsYes { get; init; }

    /// <summary>Mutation: replicas accept and install without checking the ballot against their promise.</summary>
    public bool ReplicasSkipBallotCheck { get; init; }

    /// <summary>Disk faults: a crash may also wipe the replica's file, put an earlier copy of it back, or lose the council member's file.</summary>
    public bool DiskFaults { get; init; } = true;

    /// <summary>Mutation: a restarted replica votes whatever its file holds (no identity, stamp or recovery).</summary>
    public bool SkipReplicaIdentityCheck { get; init; }

    /// <summary>
    /// Mutation: a council member grants a coordinator the first ballot it gave it again (while it
    /// beats the request's floor), so one coordinator proposes under one ballot in several rounds:
    /// what shared rounds would do if they handed out a ballot after the round that won it.
    /// </summary>
    public bool CouncilReusesHoldersBallot { get; init; }

    /// <summary>Mutation: a council member that lost its file starts again from epoch 1.</summary>
    public bool CouncilForgetsLostEpoch { get; init; }

    /// <summary>How often the lowest master that is up runs an anti-entropy pass during the fault window; zero for never.</summary>
    public TimeSpan AntiEntropyPeriod { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Mutation: anti-entropy compares versions only (the inventory drops heads and balances), so same-version divergence looks like agreement.</summary>
    public bool AntiEntropyComparesVersionsOnly { get; init; }

    /// <summary>Mutation: the masters' range summaries carry counts without hash sums, so anti-entropy skips ranges that hold as many accounts.</summary>
    public bool SummariesCompareCountsOnly { get; init; }

    /// <summary>Mutation: anti-entropy's second look at the range summaries sees every range agreeing, so no range that differed in the first look is read.</summary>
    public bool SecondLookSeesAgreement { get; init; }

    /// <summary>Mutation: an accept whose reply is lost counts as "not serving" (never evaluated), as if a lost reply proved the request was not applied.</summary>
    public bool LostAcceptReplyReadAsNotServing { get; init; }

    /// <summary>Whether the run has a reader silo (fed by the writers, crashed and restarted, checked at the end).</summary>
    public bool Reader { get; init; } = true;

    /// <summary>Mutation: the reader appends the rows above its version as they come, without the gap check or the chain check onto its head.</summary>
    public bool ReaderSkipsGapCheck { get; init; }

    /// <summary>Mutation: the reader's session rule answers without its staleness bound (as if always fresh).</summary>
    public bool ReaderIgnoresStalenessBound { get; init; }

    /// <summary>How many account marks a master's feed keeps for the reader before it drops them and starts a new life.</summary>
    public int ReaderFeedMarkCapacity { get; init; } = UnacknowledgedCommits.DefaultMarkCapacity;

    /// <summary>Mutation: the masters' feed answers carry no account marks, so the heartbeat vouches for session epochs only.</summary>
    public bool ReaderFeedWithoutMarks { get; init; }

    /// <summary>Mutation: the reader's heartbeat counts a restarted master heard without a catch-up pass (no restart rule).</summary>
    public bool ReaderSkipsRestartRule { get; init; }

    /// <summary>Mutation: anti-entropy finds the reader behind but never re-feeds it.</summary>
    public bool ReaderNeverRefeeds { get; init; }

    /// <summary>Mutation: the reader's catch-up reads only the first page of each range of each master's inventory.</summary>
    public bool ReaderCatchUpReadsFirstPageOnly { get; init; }

    /// <summary>Mutation: the reader's catch-up asks master 1 for every master's inventory (one master decides).</summary>
    public bool ReaderCatchUpAsksOnlyMasterOne { get; init; }
}
