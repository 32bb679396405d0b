namespace BankOrleans.Contracts.Replication;

/// <summary>
/// The condition under which a replica may write one account: the coordinator's ballot must be
/// at least the replica's promise, and the replica's account must be exactly at the expected
/// version and head hash (the state the coordinator made chosen before accepting).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AccountFence(
    [Id(0)] string Account,
    [Id(1)] Ballot Ballot,
    [Id(2)] long ExpectedVersion,
    [Id(3)] string ExpectedHead);
