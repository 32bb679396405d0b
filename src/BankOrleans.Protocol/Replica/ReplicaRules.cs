using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Replica;

/// <summary>
/// The acceptor side of the write path (ARCHITECTURE §3), as pure functions over one
/// transaction's view of a replica. Each method checks everything before it writes
/// anything, so a refusal leaves the replica untouched.
/// </summary>
public static class ReplicaRules
{
    /// <summary>
    /// Prepare rule: promise iff the ballot is at least every promise on the requested
    /// accounts; the promise is durable before the reply.
    /// </summary>
    public static PrepareReply Prepare(IReplicaState state, PrepareRequest request)
    {
        var accounts = request.Accounts.Select(state.Get).ToArray();
        var highest = accounts.Aggregate(Ballot.Zero, (b, a) => Ballot.Max(b, a.PromisedBallot));
        if (highest > request.Ballot)
        {
            return new PrepareReply(false, highest, []);
        }

        var snapshots = new List<AccountSnapshot>(accounts.Length);
        foreach (var account in accounts)
        {
            var promised = account with { PromisedBallot = request.Ballot };
            if (promised != account)
            {
                state.Put(promised);
            }

            snapshots.Add(new AccountSnapshot(promised, TopEntries(state, promised)));
        }

        return new PrepareReply(true, request.Ballot, snapshots);
    }

    /// <summary>
    /// Accept rule: ballot &gt;= promised on every fenced account, no account frozen, every
    /// account exactly at the fenced version and head; then a request id already in that
    /// history answers its stored outcome, and otherwise the business rules decide.
    /// </summary>
    public static AcceptReply Accept(IReplicaState state, AcceptRequest request)
    {
        var op = request.Operation;
        if (op.Kind == OperationKind.Transfer && (op.Counterparty is null || op.Counterparty == op.Account))
        {
            throw new ArgumentException($"transfer {op.TxId} needs a destination other than its source");
        }

        var accounts = op.Accounts;
        if (request.Fences.Count != accounts.Count || accounts.Any(a => request.Fences.All(f => f.Account != a)))
        {
            throw new ArgumentException($"accept for {op.TxId} must fence exactly the accounts {string.Join(",", accounts)}");
        }

        var states = new Dictionary<string, AccountState>(StringComparer.Ordinal);
        var highest = Ballot.Zero;
        foreach (var fence in request.Fences)
        {
            var s = state.Get(fence.Account);
            states[fence.Account] = s;
            highest = Ballot.Max(highest, s.PromisedBallot);
        }

        // Accept rule: ballot >= promised.
        if (request.Fences.Any(f => f.Ballot < states[f.Account].PromisedBallot))
        {
            // Say whether an earlier copy of this request landed here: the coordinator may only
            // call a request failed if no replica holds it.
            return new AcceptReply(AcceptStatus.BallotRejected, Held(state, op), highest);
        }

        if (states.Values.Any(s => s.Frozen))
        {
            return new AcceptReply(AcceptStatus.Frozen, null, highest);
        }

        // Accept rule: the replica holds exactly the state the coordinator made chosen.
        if (request.Fences.Any(f => states[f.Account].Version != f.ExpectedVersion || states[f.Account].Head != f.ExpectedHead))
        {
            var rows = request.Fences.Select(f => state.FindEntry(f.Account, op.TxId)).ToArray();
            if (rows.Any(r => r is null))
            {
                return new AcceptReply(AcceptStatus.StateMismatch, null, highest);
            }

            var stored = OperationRules.StoredOutcome(op.TxId, rows!);
            // A duplicate of this very accept, already applied on the fenced state under this ballot.
            var duplicate = request.Fences.All(f =>
            {
                var row = rows.First(r => r!.Account == f.Account)!;
                var now = states[f.Account];
                return row.Version == f.ExpectedVersion + 1 && row.PrevHash == f.ExpectedHead
                       && now.Version == row.Version && now.AcceptedBallot == f.Ballot;
            });

            // Otherwise the request is here from an earlier attempt: it may have landed, which the coordinator must know.
            return new AcceptReply(duplicate ? AcceptStatus.Evaluated : AcceptStatus.StateMismatch, stored, highest);
        }

        // Idempotency: the fenced history is chosen, so a row of this request in it means it committed.
        var existing = accounts.Select(a => state.FindEntry(a, op.TxId)).ToArray();
        if (existing.Any(e => e is not null))
        {
            var held = existing.OfType<LedgerEntry>().ToArray();
            return new AcceptReply(AcceptStatus.AlreadyApplied, OperationRules.StoredOutcome(op.TxId, held), highest, held);
        }

        var evaluation = OperationRules.Evaluate(op, states);
        if (evaluation.Outcome.Applied)
        {
            foreach (var row in evaluation.Entries)
            {
                state.Append(row);
            }

            foreach (var s in evaluation.NewStates)
            {
                var fence = request.Fences.First(f => f.Account == s.Account);
                state.Put(s with { AcceptedBallot = fence.Ballot, PromisedBallot = Ballot.Max(s.PromisedBallot, fence.Ballot) });
            }
        }

        return new AcceptReply(AcceptStatus.Evaluated, evaluation.Outcome, highest);
    }

    /// <summary>
    /// Install rule (completion and repair): ballot &gt;= promised on every account, and every
    /// install chains onto the replica's row at its base version; then all accounts are
    /// replaced in one transaction and stamped with the installing ballot (each account's own,
    /// <see cref="AccountInstall.Ballot"/>, where it has one).
    /// </summary>
    public static InstallReply Install(IReplicaState state, InstallRequest request)
    {
        var current = request.Accounts.Select(i => state.Get(i.Target.Account)).ToArray();
        var ballots = request.Accounts.Select(i => i.Ballot ?? request.Ballot).ToArray();
        var highest = current.Aggregate(Ballot.Zero, (b, a) => Ballot.Max(b, a.PromisedBallot));
        if (current.Where((a, i) => ballots[i] < a.PromisedBallot).Any())
        {
            return new InstallReply(InstallStatus.BallotRejected, highest, 0);
        }

        // Install rule: a replica already past the target under this very ballot got there by a
        // later accept of the same coordinator; a late or duplicated install must not roll it back.
        var skip = request.Accounts
            .Select((install, i) => current[i].AcceptedBallot == ballots[i] && current[i].Version > install.Target.Version)
            .ToArray();

        for (var i = 0; i < request.Accounts.Count; i++)
        {
            var install = request.Accounts[i];
            if (skip[i])
            {
                continue;
            }

            if (!LedgerHash.IsValidChain(install.BaseVersion, install.BaseHead, install.Entries)
                || install.Entries.Any(e => e.Account != install.Target.Account)
                || request.Accounts.Count(a => a.Target.Account == install.Target.Account) != 1
                || install.Target.Version != install.BaseVersion + install.Entries.Count
                || install.Target.Head != (install.Entries.Count > 0 ? install.Entries[^1].Hash : install.BaseHead))
            {
                throw new ArgumentException($"install of {install.Target.Account} is not a valid chain");
            }

            var baseMatches = install.BaseVersion == 0
                || state.EntryAt(install.Target.Account, install.BaseVersion)?.Hash == install.BaseHead;
            if (!baseMatches)
            {
                return new InstallReply(InstallStatus.Diverged, highest, current[i].Version);
            }
        }

        for (var i = 0; i < request.Accounts.Count; i++)
        {
            if (skip[i])
            {
                continue;
            }

            var install = request.Accounts[i];
            var account = install.Target.Account;
            var unchanged = current[i].Version == install.Target.Version && current[i].Head == install.Target.Head;
            if (!unchanged)
            {
                state.TruncateAfter(account, install.BaseVersion);
                foreach (var row in install.Entries)
                {
                    state.Append(row);
                }
            }

            state.Put(install.Target with
            {
                AcceptedBallot = ballots[i],
                PromisedBallot = Ballot.Max(current[i].PromisedBallot, ballots[i]),
                Frozen = current[i].Frozen,
            });
        }

        return new InstallReply(InstallStatus.Installed, ballots.Aggregate(highest, Ballot.Max), 0);
    }

    private static OperationOutcome? Held(IReplicaState state, BankOperation op)
    {
        var rows = op.Accounts.Select(a => state.FindEntry(a, op.TxId)).ToArray();
        return rows.All(r => r is not null) ? OperationRules.StoredOutcome(op.TxId, rows!) : null;
    }

    /// <summary>
    /// Recovery's promise rule (docs/protocol.md, "Lost disks"): raises the promise on each listed
    /// object to at least its ballot, creating a promise-only row where there is none; nothing else
    /// changes. Returns how many rows changed.
    /// </summary>
    public static int RaisePromises(IReplicaState state, IReadOnlyList<AccountPromise> promises)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(promises);
        var raised = 0;
        foreach (var promise in promises)
        {
            var current = state.Get(promise.Account);
            if (current.PromisedBallot < promise.Promised)
            {
                state.Put(current with { PromisedBallot = promise.Promised });
                raised++;
            }
        }

        return raised;
    }

    /// <summary>
    /// Anti-entropy's freeze rule (ARCHITECTURE §3.5): sets or clears the frozen flag of the listed
    /// opened accounts; a frozen account answers accepts <see cref="AcceptStatus.Frozen"/>. Returns how many rows changed.
    /// </summary>
    public static int SetFrozen(IReplicaState state, IReadOnlyList<string> accounts, bool frozen)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(accounts);
        var changed = 0;
        foreach (var account in accounts.Distinct(StringComparer.Ordinal))
        {
            var current = state.Get(account);
            if (current.Exists && current.Frozen != frozen)
            {
                state.Put(current with { Frozen = frozen });
                changed++;
            }
        }

        return changed;
    }

    /// <summary>The rows of the operation at the account's newest version (both legs of a transfer if present).</summary>
    public static IReadOnlyList<LedgerEntry> TopEntries(IReplicaState state, AccountState account)
    {
        if (!account.Exists)
        {
            return [];
        }

        var top = state.EntryAt(account.Account, account.Version)
                  ?? throw new InvalidOperationException($"replica has no row for {account.Account} at version {account.Version}");
        if (top.IsTransferLeg && top.Counterparty is not null && state.FindEntry(top.Counterparty, top.TxId) is { } other)
        {
            return [top, other];
        }

        return [top];
    }
}
