using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// Group commit for phase 1: the rounds of writes that start while another shared round is in
/// flight wait for it, then open together, with one lease vote and one prepare on the union of
/// their accounts, under one ballot. Per account this is the same Paxos round as one of its own
/// (rules 1–2): the ballot is fresh from the vote, and the writes that share it hold disjoint
/// accounts (each holds its accounts' <see cref="AccountLocks"/> while it waits), so each account
/// still has one proposer per ballot.
/// </summary>
/// <remarks>
/// Not synchronized: used from one scheduler at a time, as the coordinator that owns it.
/// Nothing is timed: a write that finds no round in flight opens one at once, and the next opens
/// as soon as the one in flight ends, with whatever joined meanwhile, oldest first, up to the cap
/// (past it, a write waits one round per cap's worth of accounts queued before it). A queued
/// write whose deadline has passed when the round in flight ends leaves without a round, as a
/// round of its own would not start then either; one whose operation is cancelled stops waiting
/// at once. A write taken into a round keeps it, so the round's lease is released by its members.
/// </remarks>
internal sealed class SharedRounds(int maxAccounts, TimeProvider time, Func<string[], Ballot?, Task<PhaseOne>> open)
{
    private readonly Queue<Member> _waiting = new();
    private bool _inFlight;

    /// <summary>Whether a round's accounts can share: not more than one shared round holds.</summary>
    public bool Admits(IReadOnlyCollection<string> accounts) => maxAccounts > 0 && accounts.Count <= maxAccounts;

    /// <summary>
    /// Joins the next shared round with <paramref name="accounts"/> (which the caller holds
    /// exclusively until it released them after the round), to be voted above <paramref name="above"/>.
    /// </summary>
    /// <returns>The round's phase 1, or null if <paramref name="deadline"/> passed before a round took the write.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled before a round took the write.</exception>
    public Task<PhaseOne?> JoinAsync(string[] accounts, Ballot? above, DateTimeOffset deadline, CancellationToken ct)
    {
        var member = new Member(accounts, above, deadline, new TaskCompletionSource<PhaseOne?>());
        if (ct.CanBeCanceled)
        {
            // The queue is left alone here (the token may fire on any thread): the next round skips the member.
            member.Cancellation = ct.Register(() => member.Phase.TrySetCanceled(ct));
        }

        _waiting.Enqueue(member);
        if (!_inFlight)
        {
            _inFlight = true;
            _ = OpenWhileWaitingAsync();
        }

        return member.Phase.Task;
    }

    private async Task OpenWhileWaitingAsync()
    {
        try
        {
            while (_waiting.Count > 0)
            {
                var expired = new List<Member>();
                var members = TakeNext(expired);
                // Answered once the queue is settled: each continues inline, and a write that
                // joins from there waits for the next round.
                foreach (var member in expired)
                {
                    member.Phase.TrySetResult(null);
                }

                if (members.Count == 0)
                {
                    continue;
                }

                var accounts = members.SelectMany(m => m.Accounts).Order(StringComparer.Ordinal).ToArray();
                var above = members.Select(m => m.Above).Max();
                PhaseOne phase;
                try
                {
                    phase = await open(accounts, above);
                }
                catch (Exception e)
                {
                    foreach (var member in members)
                    {
                        member.Phase.TrySetException(e);
                    }

                    continue;
                }

                // Members continue inline, in join order; those that join again wait for the next round.
                foreach (var member in members)
                {
                    member.Phase.TrySetResult(phase);
                }
            }
        }
        finally
        {
            _inFlight = false;
        }
    }

    // The oldest waiting members whose accounts fit in one round. Those whose operation was
    // cancelled while they waited leave the queue, and those whose deadline has passed leave it
    // into `expired`, without taking any room in the round.
    private List<Member> TakeNext(List<Member> expired)
    {
        var now = time.GetUtcNow();
        var members = new List<Member>();
        var count = 0;
        while (_waiting.TryPeek(out var next))
        {
            var leaves = next.Phase.Task.IsCompleted || now >= next.Deadline;
            if (!leaves && members.Count > 0 && count + next.Accounts.Length > maxAccounts)
            {
                break;
            }

            _waiting.Dequeue();
            // Waits for a cancellation running on another thread: from here on only a round completes the member.
            next.Cancellation.Dispose();
            if (next.Phase.Task.IsCompleted)
            {
                continue;
            }

            if (now >= next.Deadline)
            {
                expired.Add(next);
                continue;
            }

            members.Add(next);
            count += next.Accounts.Length;
        }

        return members;
    }

    private sealed record Member(string[] Accounts, Ballot? Above, DateTimeOffset Deadline, TaskCompletionSource<PhaseOne?> Phase)
    {
        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
