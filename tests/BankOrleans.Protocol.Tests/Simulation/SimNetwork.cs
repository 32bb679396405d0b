using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// The simulated network between coordinators and masters: every request and every reply is
/// an event that may be delayed, reordered or dropped, per the seed; a request may be duplicated,
/// and then both copies are handled and both replies travel back, the first to arrive being the answer
/// (a reply is lost while the request it answers took effect).
/// </summary>
internal sealed class SimNetwork(SimLoop loop, Random random, SimNode[] nodes, SimulationSettings settings)
{
    private readonly HashSet<(string Coordinator, int Node)> _cut = [];

    public double DropRate { get; set; }

    public double DuplicateRate { get; set; }

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    public double SlowRate { get; set; }

    public SimNode Node(int index) => nodes[index - 1];

    public IReadOnlyList<SimNode> Nodes => nodes;

    public SimLoop Loop => loop;

    /// <summary>When set, every delivered request and its answer is written here (for replaying one seed).</summary>
    public Action<string>? Trace { get; set; }

    public void Cut(string coordinator, int node) => _cut.Add((coordinator, node));

    private readonly HashSet<(int From, int To)> _mastersCut = [];

    /// <summary>Cuts two masters apart (both ways): what one master's own processes send the other is lost.</summary>
    public void CutMasters(int a, int b)
    {
        _mastersCut.Add((a, b));
        _mastersCut.Add((b, a));
    }

    public void HealMasters(int a, int b)
    {
        _mastersCut.Remove((a, b));
        _mastersCut.Remove((b, a));
    }

    public void HealAll()
    {
        _cut.Clear();
        _mastersCut.Clear();
        DropRate = 0;
        DuplicateRate = 0;
        SlowRate = 0;
    }

    /// <summary>
    /// Sends a request from <paramref name="from"/> to node <paramref name="node"/>; the handler
    /// runs atomically on the node when the request arrives. The task never completes if the
    /// request or the reply is lost (the coordinator's timeout decides).
    /// </summary>
    public Task<T> Call<T>(SimCoordinatorHost from, int node, Func<SimNode, T> handler)
    {
        var reply = new TaskCompletionSource<T>();
        if (!from.Alive || Lost(from, node))
        {
            return reply.Task;
        }

        loop.At(from.Hold() + Delay(from), () => Deliver(from, node, handler, reply));
        if (R(from).NextDouble() < DuplicateRate)
        {
            // The copy is handled again and its reply races the original's: whichever arrives first is the answer.
            loop.At(from.Hold() + Delay(from), () => Deliver(from, node, handler, reply));
        }

        return reply.Task;
    }

    private void Deliver<T>(SimCoordinatorHost from, int node, Func<SimNode, T> handler, TaskCompletionSource<T> reply)
    {
        var target = Node(node);
        if (!target.Up)
        {
            return;
        }

        T result;
        try
        {
            result = handler(target);
        }
        catch (NotVotingException refused)
        {
            Trace?.Invoke($"{TimeSpan.FromTicks(loop.Now).TotalMilliseconds,9:F1}ms {from.Id} -> n{node}: {refused.Message}");
            loop.At(Delay(from) + from.Hold(), () => reply.TrySetException(refused));
            return;
        }

        Trace?.Invoke($"{TimeSpan.FromTicks(loop.Now).TotalMilliseconds,9:F1}ms {from.Id} -> n{node}: {Describe(result)}");
        if (Lost(from, node))
        {
            return;
        }

        loop.At(Delay(from) + from.Hold(), () =>
        {
            if (from.Alive)
            {
                reply.TrySetResult(result);
            }
        });
    }

    private static string Describe(object? result) => result switch
    {
        BankOrleans.Contracts.Council.LeaseReply l => $"lease {(l.Granted ? "granted " + l.Ballot : "refused")}",
        PrepareReply p => p.Promised
            ? "promise " + string.Join(" ", p.Accounts.Select(a => $"{a.State.Account}:v{a.State.Version}/{a.State.Head[..Math.Min(4, a.State.Head.Length)]}@{a.State.AcceptedBallot}"))
            : $"prepare refused {p.HighestPromised}",
        AcceptReply a => $"accept {a.Status} {a.Outcome?.TxId} {string.Join(",", a.Outcome?.Accounts.Select(x => $"{x.Account}:v{x.Version}={x.BalanceCents}") ?? [])}",
        InstallReply i => $"install {i.Status}",
        _ => result?.ToString() ?? "null",
    };

    private bool Lost(SimCoordinatorHost from, int node) =>
        _cut.Contains((from.Id, node))
        || (from.Home is { } home && _mastersCut.Contains((home.Index, node)))
        || R(from).NextDouble() < DropRate;

    private TimeSpan Delay(SimCoordinatorHost from) => Delay(R(from));

    private TimeSpan Delay(Random draws)
    {
        var max = draws.NextDouble() < SlowRate ? TimeSpan.FromSeconds(3) : MaxDelay;
        return TimeSpan.FromTicks((long)(draws.NextDouble() * max.Ticks));
    }

    // The reader's traffic draws from its own stream, so adding it leaves the masters' schedule of a seed as it was.
    private Random R(SimCoordinatorHost from) => from.NetworkRandom ?? random;

    /// <summary>
    /// A one-way message from <paramref name="from"/> (the reader feed): dropped, delayed or
    /// duplicated like any other, by <paramref name="draws"/> (the receiver's stream);
    /// <paramref name="arrive"/> runs when (each copy of) it arrives.
    /// </summary>
    public void Send(SimCoordinatorHost from, Random draws, Action arrive)
    {
        if (!from.Alive || draws.NextDouble() < DropRate)
        {
            return;
        }

        loop.At(from.Hold() + Delay(draws), arrive);
        if (draws.NextDouble() < DuplicateRate)
        {
            loop.At(from.Hold() + Delay(draws), arrive);
        }
    }

    /// <summary>Runs a replica rule, honouring the "skip the ballot check" mutation.</summary>
    public T OnReplica<T>(SimNode node, IReadOnlyList<string> accounts, Func<IReplicaState, T> rule)
    {
        if (!settings.ReplicasSkipBallotCheck)
        {
            return node.Replica.Transact(rule);
        }

        // Mutation: hide the promises from the rule, then put back the higher of old and new.
        var saved = accounts.Distinct().ToDictionary(a => a, a => node.Replica.Transact(s => s.Get(a)));
        foreach (var (account, state) in saved)
        {
            if (state.Exists || state.PromisedBallot != Ballot.Zero)
            {
                node.Replica.Overwrite(state with { PromisedBallot = Ballot.Zero });
            }
        }

        var result = node.Replica.Transact(rule);
        foreach (var (account, state) in saved)
        {
            var now = node.Replica.Transact(s => s.Get(account));
            if (now.Exists || state.PromisedBallot != Ballot.Zero)
            {
                node.Replica.Overwrite(now with { PromisedBallot = Ballot.Max(now.PromisedBallot, state.PromisedBallot) });
            }
        }

        return result;
    }
}

/// <summary>A replica that does not vote yet (its start-up recovery is not done) refuses, as production's ReplicaNotServingException.</summary>
internal sealed class NotVotingException(string message) : Exception(message);
