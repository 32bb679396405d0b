using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Council;

/// <summary>
/// A coordinator's request for a lease on a set of accounts. <see cref="Above"/>, when set,
/// asks for a ballot higher than one a replica has already promised.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaseRequest(
    [Id(0)] string Coordinator,
    [Id(1)] IReadOnlyList<string> Accounts,
    [Id(2)] Ballot? Above);
