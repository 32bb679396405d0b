using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Council;

/// <summary>
/// A council member's vote: granted with a fresh ballot and the lease's expiry, or refused
/// (another coordinator holds an unexpired lease on one of the accounts, or the member is
/// still in its post-restart quiet period).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaseReply(
    [Id(0)] bool Granted,
    [Id(1)] Ballot Ballot,
    [Id(2)] DateTimeOffset ExpiresAt,
    [Id(3)] string? Holder);
