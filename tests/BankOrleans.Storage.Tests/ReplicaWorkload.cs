using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// A seeded stream of replica requests that looks at the reference replica's current state to
/// produce mostly plausible requests (fences on the right version, ballots at or above the
/// promise, installs that chain) and a good share of wrong ones (stale ballots, wrong versions
/// and heads, reused request ids, bases that diverge, chains that do not validate).
/// Each step is a <see cref="PrepareRequest"/>, <see cref="AcceptRequest"/>,
/// <see cref="InstallRequest"/>, or an <see cref="AccountState"/> to overwrite (freezing or
/// thawing an account, which no rule does by itself).
/// </summary>
internal sealed class ReplicaWorkload(int seed)
{
    private static readonly string[] AccountNos = ["A-01", "A-02", "A-03", "A-04", "B-01", "user:alice", "user:bob", "user:carol"];
    private static readonly string[] Customers = ["alice", "bob", "carol"];

    private readonly Random _rng = new(seed);
    private readonly List<string> _txIds = [];
    private long _epoch = 1;
    private long _counter;
    private int _step;

    public object Next(MemoryReplicaState model)
    {
        _step++;
        var roll = _rng.Next(100);
        return roll switch
        {
            < 18 => NextPrepare(model),
            < 75 => NextAccept(model),
            < 96 => NextInstall(model),
            _ => NextFreeze(model),
        };
    }

    private PrepareRequest NextPrepare(MemoryReplicaState model)
    {
        var accounts = PickDistinct(_rng.Next(1, 3));
        var ballot = Chance(70) ? FreshBallot() : OldBallot();
        return new PrepareRequest(ballot, accounts);
    }

    private AcceptRequest NextAccept(MemoryReplicaState model)
    {
        var account = Pick(AccountNos);
        var state = StateOf(model, account);
        var owner = state.Exists ? state.Owner : Pick(Customers);
        var actor = _rng.Next(100) switch
        {
            < 60 => owner,
            < 85 => null,
            _ => Pick(Customers),
        };
        var amount = _rng.Next(100) switch
        {
            < 8 => 0,
            < 28 => state.BalanceCents + _rng.Next(1, 100),
            _ => _rng.Next(1, 5000),
        };
        var ownRows = model.Ledger(account);
        var tx = _rng.Next(100) switch
        {
            // A retry of a request this account already holds (idempotency), or of any earlier request.
            < 10 when ownRows.Count > 0 => Pick(ownRows).TxId,
            < 15 when _txIds.Count > 0 => Pick(_txIds),
            _ => $"tx-{seed}-{_step}",
        };
        _txIds.Add(tx);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + (_step * 1000L) + _rng.Next(1000));

        var user = Pick(Customers);
        var op = _rng.Next(100) switch
        {
            // User objects: registration (mostly well-formed, with its password record) and logout.
            < 8 => new BankOperation(tx, OperationKind.RegisterUser, Chance(85) ? "user:" + user : account, null, 0, null, Chance(90) ? user : Pick(Customers), false, at)
            {
                Payload = Chance(90) ? $"pbkdf2-sha256$1000$c2FsdA==${tx}" : null,
            },
            < 18 => new BankOperation(tx, OperationKind.Logout, Chance(85) ? "user:" + user : account, null, 0, Chance(80) ? user : Pick(Customers), null, false, at),
            < 26 => new BankOperation(tx, OperationKind.OpenAccount, account, null, 0, actor, Chance(90) ? owner : null, false, at),
            < 48 => new BankOperation(tx, OperationKind.Deposit, account, null, amount, actor, null, false, at),
            < 65 => new BankOperation(tx, OperationKind.Withdraw, account, null, amount, actor, null, false, at),
            _ => new BankOperation(tx, OperationKind.Transfer, account, Chance(5) ? account : Pick(AccountNos), amount, actor, null, Chance(50), at),
        };

        var fences = op.Accounts.Select(a => Fence(model, a)).ToList();
        if (Chance(3))
        {
            // Malformed: the fences do not cover exactly the written accounts (the rule throws).
            if (fences.Count > 1 || Chance(50))
            {
                fences.RemoveAt(0);
            }
            else
            {
                fences.Add(Fence(model, Pick(AccountNos)));
            }
        }

        return new AcceptRequest(op, fences);
    }

    private AccountFence Fence(MemoryReplicaState model, string account)
    {
        var state = StateOf(model, account);
        var ballot = _rng.Next(100) switch
        {
            < 65 => state.PromisedBallot,
            < 85 => FreshBallot(),
            _ => OldBallot(),
        };
        var ledger = model.Ledger(account);
        return _rng.Next(100) switch
        {
            < 85 => new AccountFence(account, ballot, state.Version, state.Head),
            < 90 => new AccountFence(account, ballot, state.Version + 1, state.Head),
            < 95 => new AccountFence(account, ballot, state.Version, "0badc0de"),
            _ when state.Version >= 1 => new AccountFence(account, ballot, state.Version - 1, state.Version >= 2 ? ledger[(int)state.Version - 2].Hash : ""),
            _ => new AccountFence(account, ballot, state.Version, state.Head),
        };
    }

    private InstallRequest NextInstall(MemoryReplicaState model)
    {
        var ballot = _rng.Next(100) switch
        {
            < 50 => FreshBallot(),
            < 85 => PickDistinct(1).Select(a => StateOf(model, a).PromisedBallot).Single(),
            _ => OldBallot(),
        };
        var installs = PickDistinct(Chance(80) ? 1 : 2).Select(a => NextAccountInstall(model, a)).ToArray();
        return new InstallRequest(ballot, installs);
    }

    private AccountInstall NextAccountInstall(MemoryReplicaState model, string account)
    {
        var state = StateOf(model, account);
        var ledger = model.Ledger(account);
        var current = state.Version;

        long baseVersion = Chance(10) ? current + _rng.Next(1, 3) : _rng.NextInt64(0, current + 1);
        var baseRow = baseVersion >= 1 && baseVersion <= ledger.Count ? ledger[(int)baseVersion - 1] : null;
        var baseHead = baseVersion == 0 ? "" : baseRow?.Hash ?? "feedface";
        var bogusHead = baseVersion > 0 && Chance(10);
        if (bogusHead)
        {
            baseHead = "0badc0de";
        }

        var entries = new List<LedgerEntry>();
        if (baseRow is not null && !bogusHead && Chance(40))
        {
            // Re-send the rows this replica already has above the base (possibly with more on top).
            entries.AddRange(ledger.Skip((int)baseVersion));
        }

        var owner = baseRow?.Owner ?? (baseVersion == 0 ? Pick(Customers) : "dave");
        var balance = baseRow?.BalanceAfterCents ?? (baseVersion == 0 ? 0 : 1000);
        var version = baseVersion + entries.Count;
        var head = entries.Count > 0 ? entries[^1].Hash : baseHead;
        if (entries.Count > 0)
        {
            balance = entries[^1].BalanceAfterCents;
            owner = entries[^1].Owner;
        }

        var fresh = _rng.Next(0, 4);
        for (var j = 0; j < fresh; j++)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + (_step * 1000L) + j);
            var tx = $"inst-{seed}-{_step}-{account}-{j}";
            LedgerEntry row;
            if (version == 0)
            {
                row = account.StartsWith("user:", StringComparison.Ordinal)
                    ? new LedgerEntry(tx, account, 1, EntryKind.UserRegistered, null, 0, 0, 0, owner, at, "", "") { Payload = "pbkdf2-sha256$1000$c2FsdA==$" + tx }
                    : new LedgerEntry(tx, account, 1, EntryKind.Open, null, 0, 0, 0, owner, at, "", "");
            }
            else
            {
                var amount = _rng.Next(1, 3000);
                var withdraw = balance >= amount && Chance(40);
                balance = withdraw ? balance - amount : balance + amount;
                row = new LedgerEntry(tx, account, version + 1, withdraw ? EntryKind.Withdrawal : EntryKind.Deposit, null, 0,
                    amount, balance, owner, at, head, "");
            }

            row = LedgerHash.Seal(row);
            entries.Add(row);
            version = row.Version;
            head = row.Hash;
        }

        // Ballots and the frozen flag of the target are overwritten by the rule; send noise.
        var target = new AccountState(account, version == 0 ? "" : owner, balance, version, head, OldBallot(), OldBallot(), Chance(20));
        if (Chance(6))
        {
            // Not a valid chain: the rule throws.
            target = target with { Version = target.Version + 1 };
        }
        else if (Chance(5) && entries.Count > 0)
        {
            entries[^1] = entries[^1] with { BalanceAfterCents = entries[^1].BalanceAfterCents + 1 };
        }

        return new AccountInstall(baseVersion, baseHead, entries, target);
    }

    private AccountState NextFreeze(MemoryReplicaState model)
    {
        var account = Pick(AccountNos);
        var state = StateOf(model, account);
        return state with { Frozen = !state.Frozen };
    }

    private Ballot FreshBallot()
    {
        if (Chance(5))
        {
            _epoch++;
            _counter = 0;
        }

        _counter++;
        return new Ballot(_epoch, _counter, _rng.Next(1, 4));
    }

    private Ballot OldBallot() => new(_rng.NextInt64(1, _epoch + 1), _rng.NextInt64(0, _counter + 1), _rng.Next(1, 4));

    private static AccountState StateOf(MemoryReplicaState model, string account) =>
        model.Accounts.FirstOrDefault(s => s.Account == account) ?? AccountState.Empty(account);

    private bool Chance(int percent) => _rng.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private string[] PickDistinct(int count) => AccountNos.OrderBy(_ => _rng.Next()).Take(count).ToArray();
}
