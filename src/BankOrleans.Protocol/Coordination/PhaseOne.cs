using BankOrleans.Contracts.Replication;
using static BankOrleans.Protocol.Coordination.QuorumFanOut;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// How phase 1 of a round went, shared (<see cref="SharedRounds"/>) or not: the ballot the lease
/// vote won (null when it was lost), how many members answered it and whether one refused because
/// another coordinator holds an account; the promises of the prepare under that ballot, the
/// highest ballot a replica refused it with, and how many answered.
/// </summary>
internal sealed record PhaseOne(
    Ballot? Ballot, int VoteAnswered, bool LeaseHeldElsewhere, (int Peer, PrepareReply Reply)[] Promises, Ballot? HighestRefused, int PrepareAnswered)
{
    /// <summary>The vote and a majority of promises were won.</summary>
    public bool Won => Ballot is not null && Promises.Length >= Majority;

    /// <summary>
    /// Lost to another coordinator's lease or to a replica's higher promise: in a shared round,
    /// possibly on another write's accounts only. A quiet council member or silent peers would
    /// refuse every write alike.
    /// </summary>
    public bool MayBeAnotherWritesLoss => !Won && (Ballot is null ? LeaseHeldElsewhere : HighestRefused is not null);

    /// <summary>A lost vote.</summary>
    public static PhaseOne VoteLost(int answered, bool leaseHeldElsewhere) => new(null, answered, leaseHeldElsewhere, [], null, 0);
}
