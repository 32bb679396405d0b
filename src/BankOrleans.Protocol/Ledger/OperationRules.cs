using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Ledger;

/// <summary>
/// The business rules of every operation, as a pure function of the accounts' states.
/// Every replica and the coordinator evaluate the same function on the same (fenced)
/// states, so they all reach the same outcome.
/// </summary>
public static class OperationRules
{
    /// <summary>
    /// Evaluates <paramref name="op"/> against <paramref name="states"/> (which must contain
    /// every account the operation touches). Never throws for a business reason.
    /// </summary>
    public static Evaluation Evaluate(BankOperation op, IReadOnlyDictionary<string, AccountState> states)
    {
        return op.Kind switch
        {
            OperationKind.OpenAccount => Open(op, states[op.Account]),
            OperationKind.Deposit => Deposit(op, states[op.Account]),
            OperationKind.Withdraw => Withdraw(op, states[op.Account]),
            OperationKind.Transfer => Transfer(op, states[op.Account], states[op.Counterparty!]),
            OperationKind.RegisterUser => RegisterUser(op, states[op.Account]),
            OperationKind.Logout => Logout(op, states[op.Account]),
            _ => Reject(op, ErrorCodes.BadInput),
        };
    }

    private static Evaluation Open(BankOperation op, AccountState account)
    {
        if (ObjectKeys.IsUser(op.Account) || string.IsNullOrEmpty(op.Owner) || (op.Actor is not null && op.Actor != op.Owner))
        {
            return Reject(op, ErrorCodes.InvalidAccount);
        }

        if (account.Exists)
        {
            // Another request's number (a hash collision): the opener tries its next candidate.
            return Reject(op, ErrorCodes.AccountNumberTaken);
        }

        if (op.AmountCents < 0)
        {
            return Reject(op, ErrorCodes.BadInput);
        }

        // An initial deposit is part of the open: one write, one row, the balance from the start.
        var row = Row(op, account, EntryKind.Open, null, 0, op.AmountCents, op.AmountCents, op.Owner);
        return Applied(op, (account, row));
    }

    private static Evaluation Deposit(BankOperation op, AccountState account)
    {
        if (!MayUse(op, account) || op.AmountCents <= 0)
        {
            return Reject(op, ErrorCodes.InvalidAccount);
        }

        if (!TryAdd(account.BalanceCents, op.AmountCents, out var after))
        {
            return Reject(op, ErrorCodes.BalanceLimit);
        }

        return Applied(op, (account, Row(op, account, EntryKind.Deposit, null, 0, op.AmountCents, after, account.Owner)));
    }

    private static Evaluation Withdraw(BankOperation op, AccountState account)
    {
        if (!MayUse(op, account) || op.AmountCents <= 0)
        {
            return Reject(op, ErrorCodes.InvalidAccount);
        }

        if (account.BalanceCents < op.AmountCents)
        {
            return Reject(op, ErrorCodes.InsufficientFunds);
        }

        var after = account.BalanceCents - op.AmountCents;
        return Applied(op, (account, Row(op, account, EntryKind.Withdrawal, null, 0, op.AmountCents, after, account.Owner)));
    }

    private static Evaluation Transfer(BankOperation op, AccountState from, AccountState to)
    {
        // The original rule: both accounts must be the caller's unless the silo allows foreign destinations.
        var destinationAllowed = to.Exists && !ObjectKeys.IsUser(to.Account) && (op.Actor is null || op.AllowForeignDestination || to.Owner == op.Actor);
        if (!MayUse(op, from) || !destinationAllowed || from.Account == to.Account || op.AmountCents <= 0)
        {
            return Reject(op, ErrorCodes.InvalidAccount);
        }

        if (from.BalanceCents < op.AmountCents)
        {
            return Reject(op, ErrorCodes.InsufficientFunds);
        }

        if (!TryAdd(to.BalanceCents, op.AmountCents, out var toAfter))
        {
            return Reject(op, ErrorCodes.BalanceLimit);
        }

        var fromAfter = from.BalanceCents - op.AmountCents;
        var debit = Row(op, from, EntryKind.TransferOut, to.Account, to.Version + 1, op.AmountCents, fromAfter, from.Owner);
        var credit = Row(op, to, EntryKind.TransferIn, from.Account, from.Version + 1, op.AmountCents, toAfter, to.Owner);
        return Applied(op, (from, debit), (to, credit));
    }

    // Registration rule: a user object is created once, by its own name, with its password record.
    private static Evaluation RegisterUser(BankOperation op, AccountState user)
    {
        if (!ObjectKeys.IsUser(op.Account) || string.IsNullOrEmpty(op.Owner) || op.Account != ObjectKeys.User(op.Owner)
            || string.IsNullOrEmpty(op.Payload) || op.AmountCents != 0)
        {
            return Reject(op, ErrorCodes.BadInput);
        }

        if (user.Exists)
        {
            return Reject(op, ErrorCodes.UserExists);
        }

        var row = Row(op, user, EntryKind.UserRegistered, null, 0, 0, 0, op.Owner);
        return Applied(op, (user, row));
    }

    // Logout rule: only the user itself ends its sessions; the new version is the new session epoch.
    private static Evaluation Logout(BankOperation op, AccountState user)
    {
        if (!ObjectKeys.IsUser(op.Account) || !user.Exists || op.Actor is null || user.Owner != op.Actor)
        {
            return Reject(op, ErrorCodes.NotAuthorized);
        }

        return Applied(op, (user, Row(op, user, EntryKind.UserLoggedOut, null, 0, 0, 0, user.Owner)));
    }

    // Money never moves in or out of a user object, whatever its owner.
    private static bool MayUse(BankOperation op, AccountState account) =>
        account.Exists && !ObjectKeys.IsUser(account.Account) && (op.Actor is null || account.Owner == op.Actor);

    private static bool TryAdd(long balance, long amount, out long sum)
    {
        sum = 0;
        if (balance > long.MaxValue - amount)
        {
            return false;
        }

        sum = balance + amount;
        return true;
    }

    private static LedgerEntry Row(
        BankOperation op, AccountState account, EntryKind kind, string? counterparty, long counterpartyVersion,
        long amount, long balanceAfter, string owner) =>
        LedgerHash.Seal(new LedgerEntry(
            op.TxId, account.Account, account.Version + 1, kind, counterparty, counterpartyVersion,
            amount, balanceAfter, owner, TruncateToMilliseconds(op.At), account.Head, "")
        {
            Payload = kind == EntryKind.UserRegistered ? op.Payload : null,
        });

    // Replicas store milliseconds; every replica must hold the very same row, whatever its storage.
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private static Evaluation Applied(BankOperation op, params (AccountState Before, LedgerEntry Row)[] writes)
    {
        var states = writes
            .Select(w => w.Before with { Owner = w.Row.Owner, BalanceCents = w.Row.BalanceAfterCents, Version = w.Row.Version, Head = w.Row.Hash })
            .ToArray();
        var balances = states
            .OrderBy(s => s.Account, StringComparer.Ordinal)
            .Select(s => new AccountBalance(s.Account, s.BalanceCents, s.Version))
            .ToArray();
        return new Evaluation(new OperationOutcome(op.TxId, true, null, balances), writes.Select(w => w.Row).ToArray(), states);
    }

    private static Evaluation Reject(BankOperation op, string code) =>
        new(new OperationOutcome(op.TxId, false, code, []), [], []);

    /// <summary>
    /// The part of a decided outcome that its caller may see (ARCHITECTURE §5a): the balances of
    /// the accounts the actor owns — a transfer to another customer answers the source only. An
    /// operator's operation (no actor) sees every account. Owners never change once an account is
    /// opened, so <paramref name="before"/>, the states the operation was fenced on, names them;
    /// an account opened by the operation is its <see cref="BankOperation.Owner"/>'s.
    /// </summary>
    public static OperationOutcome VisibleTo(BankOperation op, OperationOutcome outcome, IReadOnlyDictionary<string, AccountState> before)
    {
        if (op.Actor is null)
        {
            return outcome;
        }

        string? OwnerOf(string account) => before.TryGetValue(account, out var state) && state.Exists ? state.Owner : op.Owner;
        var visible = outcome.Accounts.Where(a => OwnerOf(a.Account) == op.Actor).ToArray();
        return visible.Length == outcome.Accounts.Count ? outcome : outcome with { Accounts = visible };
    }

    /// <summary>Rebuilds the outcome a replica answered when it applied <paramref name="txId"/>, from its stored rows.</summary>
    public static OperationOutcome StoredOutcome(string txId, IEnumerable<LedgerEntry> rows) =>
        new(txId, true, null, rows
            .OrderBy(r => r.Account, StringComparer.Ordinal)
            .Select(r => new AccountBalance(r.Account, r.BalanceAfterCents, r.Version))
            .ToArray());
}
