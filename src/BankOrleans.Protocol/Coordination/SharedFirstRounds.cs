using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// One lease vote and one prepare for the first rounds of many writes of one coordinator
/// (<see cref="CoordinatorOptions.SharedRoundAccounts"/>). A write that misses the fast path takes
/// a seat; the seats that wait while a shared vote and prepare are in flight go into the next one.
/// Each seat then gets the ballot and the promises of its own accounts, as if its own round had
/// won them, and picks, completes, accepts and releases on its own.
/// </summary>
/// <remarks>
/// <para>
/// A vote or a prepare on many accounts is one per-account round each that share their messages:
/// a member grants every account of a request or none, under one new ballot; a replica promises
/// every account of a prepare or none, and an account's promise and snapshot are the same whether
/// it was asked alone or with others. So a seat's promises are exactly those its own round would
/// have won with that ballot.
/// </para>
/// <para>
/// Seats never share an account: a write holds its local account locks (<see cref="AccountLocks"/>)
/// before it sits down, so two writes of one coordinator never propose for one version under one
/// ballot. A shared vote or prepare that fails fails every seat, and each then runs its own rounds.
/// Nothing is timed: the first seat's vote goes out at once, and a lone write waits no longer than
/// it would alone, unless a shared vote and prepare are already in flight.
/// </para>
/// <para>Not synchronized: one scheduler at a time, like the rest of the coordinator.</para>
/// </remarks>
internal sealed class SharedFirstRounds(int maxAccounts, Func<string[], Ballot?, Task<PreparedRound>> voteAndPrepare)
{
    private readonly Queue<Seat> _waiting = new();
    private bool _serving;

    /// <summary>Seats served by a shared vote and prepare that had more than one seat (tests read it).</summary>
    public int SeatsShared { get; private set; }

    /// <summary>
    /// Waits for the next shared vote and prepare and returns this seat's share of it: the ballot
    /// and, from each replica that promised, the snapshots of <paramref name="accounts"/>.
    /// </summary>
    /// <param name="accounts">The write's accounts; its local locks on them are held.</param>
    /// <param name="above">A ballot the vote must beat, if the write knows one.</param>
    public Task<PreparedRound> TakeSeatAsync(string[] accounts, Ballot? above)
    {
        var seat = new Seat(accounts, above);
        _waiting.Enqueue(seat);
        if (!_serving)
        {
            _serving = true;
            _ = ServeAsync();
        }

        return seat.Share.Task;
    }

    private async Task ServeAsync()
    {
        try
        {
            while (_waiting.Count > 0)
            {
                var seats = NextSeats();
                try
                {
                    var accounts = seats.SelectMany(s => s.Accounts).Distinct(StringComparer.Ordinal).ToArray();
                    var round = await voteAndPrepare(accounts, HighestAbove(seats));
                    if (seats.Count > 1)
                    {
                        SeatsShared += seats.Count;
                    }

                    Hand(round, seats);
                }
                catch (Exception exception)
                {
                    foreach (var seat in seats)
                    {
                        seat.Share.TrySetException(exception);
                    }
                }
            }
        }
        finally
        {
            _serving = false;
        }
    }

    private static Ballot? HighestAbove(List<Seat> seats)
    {
        Ballot? highest = null;
        foreach (var seat in seats)
        {
            if (seat.Above is { } above)
            {
                highest = highest is { } h ? Ballot.Max(h, above) : above;
            }
        }

        return highest;
    }

    // The seats of the next vote: in arrival order, as many as fit in maxAccounts (at least one).
    private List<Seat> NextSeats()
    {
        var seats = new List<Seat> { _waiting.Dequeue() };
        var accounts = seats[0].Accounts.Length;
        while (_waiting.TryPeek(out var next) && accounts + next.Accounts.Length <= maxAccounts)
        {
            seats.Add(_waiting.Dequeue());
            accounts += next.Accounts.Length;
        }

        return seats;
    }

    // Each seat gets the promises cut down to its own accounts, so its pick sees only them.
    private static void Hand(PreparedRound round, List<Seat> seats)
    {
        if (round.Promises is not { } promises)
        {
            foreach (var seat in seats)
            {
                seat.Share.TrySetResult(round);
            }

            return;
        }

        var byAccount = promises
            .Select(p => p.Reply.Accounts.ToDictionary(s => s.State.Account, StringComparer.Ordinal))
            .ToArray();
        foreach (var seat in seats)
        {
            var own = promises
                .Select((p, i) => (p.Peer, p.Reply with { Accounts = seat.Accounts.Select(a => byAccount[i][a]).ToArray() }))
                .ToArray();
            seat.Share.TrySetResult(round with { Promises = own });
        }
    }

    private sealed class Seat(string[] accounts, Ballot? above)
    {
        public string[] Accounts { get; } = accounts;

        public Ballot? Above { get; } = above;

        public TaskCompletionSource<PreparedRound> Share { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
