using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// A round of <see cref="LeaseRounds"/> that won the lease and a majority of promises: the ballot
/// the promises are under and the chosen state picked for every account of the lease.
/// </summary>
internal sealed record LeaseRound(Ballot Ballot, Resolution Resolution);
