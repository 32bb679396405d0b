using BankOrleans.Contracts.Replication;
using static BankOrleans.Protocol.Coordination.QuorumFanOut;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// How phase 1 of a round went, shared (<see cref="SharedRounds"/>) or not: the ballot the lease
/// vote won (null when it was lost) and how many members answered it; the promises of the
/// prepare under that ballot, the highest ballot a replica refused it with, and how many answered.
/// </summary>
internal sealed record PhaseOne(Ballot? Ballot, int VoteAnswered, (int Peer, PrepareReply Reply)[] Promises, Ballot? HighestRefused, int PrepareAnswered)
{
    /// <summary>The vote and a majority of promises were won.</summary>
    public bool Won => Ballot is not null && Promises.Length >= Majority;

    /// <summary>Lost because fewer than two peers answered (the vote, or the prepare with no refusal).</summary>
    public bool PeersSilent => Ballot is null
        ? VoteAnswered < Majority
        : Promises.Length < Majority && PrepareAnswered < Majority && HighestRefused is null;

    /// <summary>A lost vote.</summary>
    public static PhaseOne VoteLost(int answered) => new(null, answered, [], null, 0);
}
