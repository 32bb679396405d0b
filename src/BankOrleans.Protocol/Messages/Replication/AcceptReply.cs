namespace BankOrleans.Contracts.Replication;

/// <summary>A replica's answer to <see cref="AcceptRequest"/>.</summary>
/// <param name="Status">How the replica answered.</param>
/// <param name="Outcome">The evaluated or stored outcome, when the status says one is attached.</param>
/// <param name="HighestPromised">The highest promise among the fenced accounts.</param>
/// <param name="Rows">
/// With <see cref="AcceptStatus.AlreadyApplied"/>: the request's committed rows this replica holds
/// (one per account it found them in), so that the coordinator of a retry can feed the read
/// replica what the first attempt's coordinator may never have fed. Null otherwise.
/// </param>
[GenerateSerializer, Immutable]
public sealed record AcceptReply(
    [Id(0)] AcceptStatus Status,
    [Id(1)] OperationOutcome? Outcome,
    [Id(2)] Ballot HighestPromised,
    [Id(3)] IReadOnlyList<LedgerEntry>? Rows = null);
