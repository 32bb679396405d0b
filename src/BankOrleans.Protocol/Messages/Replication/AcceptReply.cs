namespace BankOrleans.Contracts.Replication;

/// <summary>A replica's answer to <see cref="AcceptRequest"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record AcceptReply(
    [property: Id(0)] AcceptStatus Status,
    [property: Id(1)] OperationOutcome? Outcome,
    [property: Id(2)] Ballot HighestPromised);
