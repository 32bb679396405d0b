using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// A round's lease vote and prepare (rules 1 and 2): won, with the ballot and a majority of
/// promises, or refused, with why and whether the peers were unreachable.
/// </summary>
/// <param name="Ballot">The ballot the promises are under (meaningful when won).</param>
/// <param name="Promises">At least two promises, each covering every account of the round; null when refused.</param>
/// <param name="HighestRefused">The highest ballot a refusing replica named, if any.</param>
/// <param name="Problem">Why it was refused; empty when won.</param>
/// <param name="Unreachable">Refused because fewer than two peers answered at all.</param>
internal sealed record PreparedRound(
    Ballot Ballot, (int Peer, PrepareReply Reply)[]? Promises, Ballot? HighestRefused, string Problem, bool Unreachable)
{
    /// <summary>A lost vote or a prepare without a majority of promises.</summary>
    public static PreparedRound Refused(string problem, Ballot? highestRefused, bool unreachable) =>
        new(default, null, highestRefused, problem, unreachable);
}
