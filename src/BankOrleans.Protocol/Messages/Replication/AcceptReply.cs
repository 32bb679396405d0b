namespace BankOrleans.Contracts.Replication;

/// <summary>A replica's answer to <see cref="AcceptRequest"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record AcceptReply(
    [Id(0)] AcceptStatus Status,
    [Id(1)] OperationOutcome? Outcome,
    [Id(2)] Ballot HighestPromised);
