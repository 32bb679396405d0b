using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// The replica rules behind the integrity check (ARCHITECTURE §3.5): an account whose row
/// contradicts this replica's own ledger neither votes nor accepts, so a corrupted copy can
/// never be picked or extended; installs (repair by majority) still reach it. Each function
/// runs inside one replica transaction.
/// </summary>
internal static class ReplicaGuard
{
    /// <summary>Prepare rule, refused (as a silent peer) when a requested account is damaged here.</summary>
    /// <exception cref="ReplicaNotServingException">An account contradicts this replica's ledger.</exception>
    public static PrepareReply Prepare(IReplicaState state, PrepareRequest request)
    {
        var damaged = request.Accounts.Where(a => !ReplicaIntegrity.Digest(state, a).Intact).ToArray();
        return damaged.Length > 0
            ? throw new ReplicaNotServingException($"account {string.Join(", ", damaged)} contradicts this replica's ledger: not voting until repaired")
            : ReplicaRules.Prepare(state, request);
    }

    /// <summary>Accept rule; a damaged account answers <see cref="AcceptStatus.Frozen"/> and nothing is written.</summary>
    public static AcceptReply Accept(IReplicaState state, AcceptRequest request)
    {
        if (request.Operation.Accounts.Any(a => !ReplicaIntegrity.Digest(state, a).Intact))
        {
            var highest = request.Fences.Aggregate(Ballot.Zero, (b, f) => Ballot.Max(b, state.Get(f.Account).PromisedBallot));
            return new AcceptReply(AcceptStatus.Frozen, null, highest);
        }

        return ReplicaRules.Accept(state, request);
    }
}
