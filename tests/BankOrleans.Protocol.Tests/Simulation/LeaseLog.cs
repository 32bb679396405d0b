using BankOrleans.Contracts.Council;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// Records, from each coordinator's point of view, when it held a lease (two grants seen in
/// time for one request) until it released it, crashed, or the earlier grant expired, and
/// reports any account held by two coordinators at once.
/// </summary>
internal sealed class LeaseLog(SimLoop loop, TimeSpan callTimeout)
{
    private readonly Dictionary<LeaseRequest, (long Sent, List<LeaseReply> Grants)> _open = new(ReferenceEqualityComparer.Instance);
    private readonly List<Hold> _holds = [];
    private readonly Dictionary<BankOrleans.Contracts.Replication.Ballot, string> _ballots = [];
    private readonly List<string> _reissued = [];

    /// <summary>Ballots a council member granted to two different coordinators (each is a broken epoch rule).</summary>
    public IReadOnlyList<string> ReissuedBallots => _reissued;

    /// <summary>Records every grant a member made, whether or not its coordinator still waited for it.</summary>
    public void Issued(string coordinator, LeaseReply reply)
    {
        if (!reply.Granted || reply.Ballot == BankOrleans.Contracts.Replication.Ballot.Zero)
        {
            return;
        }

        if (_ballots.TryGetValue(reply.Ballot, out var first) && first != coordinator)
        {
            _reissued.Add($"ballot {reply.Ballot} granted to {first} and to {coordinator}");
        }

        _ballots.TryAdd(reply.Ballot, coordinator);
    }

    public void Sent(LeaseRequest request, long now)
    {
        if (!_open.ContainsKey(request))
        {
            _open[request] = (now, []);
        }
    }

    public void Granted(string coordinator, LeaseRequest request, int member, LeaseReply reply, long now)
    {
        if (!reply.Granted || !_open.TryGetValue(request, out var open) || now - open.Sent > callTimeout.Ticks)
        {
            // A grant the coordinator's call had already given up on is not a lease it believes it holds.
            return;
        }

        open.Grants.Add(reply);
        if (open.Grants.Count == 2)
        {
            var end = now + (open.Grants.Min(g => g.ExpiresAt) - loop.UtcNow).Ticks;
            foreach (var account in request.Accounts)
            {
                _holds.Add(new Hold(coordinator, account, now, end));
            }
        }
    }

    public void Released(string coordinator, IReadOnlyList<string> accounts, long now)
    {
        foreach (var hold in _holds.Where(h => h.Coordinator == coordinator && accounts.Contains(h.Account) && h.End > now && h.Start <= now))
        {
            hold.End = now;
        }
    }

    public void EndAll(string coordinator, long now)
    {
        foreach (var hold in _holds.Where(h => h.Coordinator == coordinator && h.End > now))
        {
            hold.End = Math.Max(hold.Start, now);
        }
    }

    /// <summary>Pairs of different coordinators whose holds on one account overlapped.</summary>
    public IEnumerable<string> Overlaps()
    {
        foreach (var group in _holds.GroupBy(h => h.Account))
        {
            var holds = group.OrderBy(h => h.Start).ToArray();
            for (var i = 0; i < holds.Length; i++)
            {
                for (var j = i + 1; j < holds.Length && holds[j].Start < holds[i].End; j++)
                {
                    if (holds[j].Coordinator != holds[i].Coordinator && holds[j].Start < holds[i].End)
                    {
                        yield return $"account {group.Key} held by {holds[i].Coordinator} and {holds[j].Coordinator} at t={TimeSpan.FromTicks(holds[j].Start).TotalSeconds:F3}s";
                    }
                }
            }
        }
    }

    private sealed class Hold(string coordinator, string account, long start, long end)
    {
        public string Coordinator { get; } = coordinator;

        public string Account { get; } = account;

        public long Start { get; } = start;

        public long End { get; set; } = end;
    }
}
