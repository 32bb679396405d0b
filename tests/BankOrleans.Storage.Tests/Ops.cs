using BankOrleans.Contracts.Replication;

namespace BankOrleans.Storage.Tests;

/// <summary>Builders for the operations and requests the tests send.</summary>
internal static class Ops
{
    public static readonly Ballot FirstBallot = new(1, 1, 1);

    /// <summary>A timestamp with millisecond precision, as the coordinator's clock gives it.</summary>
    public static DateTimeOffset At(long second) => DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + second * 1000);

    public static BankOperation Open(string tx, string account, string owner) =>
        new(tx, OperationKind.OpenAccount, account, null, 0, owner, owner, false, At(0));

    public static BankOperation Deposit(string tx, string account, long cents) =>
        new(tx, OperationKind.Deposit, account, null, cents, null, null, false, At(1));

    public static BankOperation Withdraw(string tx, string account, long cents) =>
        new(tx, OperationKind.Withdraw, account, null, cents, null, null, false, At(2));

    public static BankOperation Transfer(string tx, string from, string to, long cents) =>
        new(tx, OperationKind.Transfer, from, to, cents, null, null, false, At(3));

    /// <summary>Fences <paramref name="op"/> on the store's current state of every account it writes.</summary>
    public static AcceptRequest FencedOn(this SqliteReplicaStore store, BankOperation op, Ballot? ballot = null) =>
        new(op, op.Accounts
            .Select(a => store.GetAccount(a) ?? AccountState.Empty(a))
            .Select(s => new AccountFence(s.Account, ballot ?? FirstBallot, s.Version, s.Head))
            .ToArray());

    /// <summary>Accepts <paramref name="op"/> fenced on the store's current state, and returns the outcome.</summary>
    public static OperationOutcome Apply(this SqliteReplicaStore store, BankOperation op)
    {
        var reply = store.Accept(store.FencedOn(op));
        Assert.Equal(AcceptStatus.Evaluated, reply.Status);
        return reply.Outcome!;
    }
}
