using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

public sealed class BusinessRuleTests
{
    [Fact]
    public void Withdrawal_beyond_balance_is_rejected_and_writes_nothing()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));
        var before = FileDump.Of(file);

        var outcome = store.Apply(Ops.Withdraw("t3", "A-01", 501));

        Assert.Equal((false, ErrorCodes.InsufficientFunds), (outcome.Applied, outcome.RejectionCode));
        Assert.Empty(outcome.Accounts);
        Assert.Equal(before.Rows, FileDump.Of(file).Rows);
        Assert.Equal((500L, 2L), (store.GetAccount("A-01")!.BalanceCents, store.GetAccount("A-01")!.Version));
        Assert.Null(store.ReadEntries("A-01", 0, 10).FirstOrDefault(e => e.TxId == "t3"));
    }

    [Fact]
    public void Withdrawal_of_the_whole_balance_is_applied()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));

        var outcome = store.Apply(Ops.Withdraw("t3", "A-01", 500));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance("A-01", 0, 3), outcome.Accounts.Single());
    }

    [Fact]
    public void A_negative_balance_is_refused_by_the_table_itself()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        var before = store.GetAccount("A-01")!;

        var error = Assert.Throws<SqliteException>(() => store.Transact(s =>
        {
            s.Put(before with { BalanceCents = -1 });
            return 0;
        }));

        Assert.Contains("CHECK", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, store.GetAccount("A-01"));
    }

    [Fact]
    public void A_retried_request_id_answers_the_stored_outcome_and_pays_once()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        var first = store.Apply(Ops.Deposit("t2", "A-01", 250));

        var retry = store.Accept(store.FencedOn(Ops.Deposit("t2", "A-01", 250)));

        Assert.Equal(AcceptStatus.AlreadyApplied, retry.Status);
        Assert.True(first.SameAs(retry.Outcome!));
        Assert.Equal(250, store.GetAccount("A-01")!.BalanceCents);
    }
}
