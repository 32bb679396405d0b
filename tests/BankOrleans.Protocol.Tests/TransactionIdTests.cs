using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Tests;

/// <summary>The scoping rule of transaction ids: a request id belongs to its user and its kind of write.</summary>
public sealed class TransactionIdTests
{
    [Fact]
    public void One_request_id_of_two_users_gives_two_transaction_ids()
    {
        Assert.NotEqual(
            TransactionId.For("alice", OperationKind.Transfer, "r-1"),
            TransactionId.For("bob", OperationKind.Transfer, "r-1"));
    }

    [Fact]
    public void One_request_id_of_one_user_on_two_kinds_of_write_gives_two_transaction_ids()
    {
        var kinds = Enum.GetValues<OperationKind>().Select(k => TransactionId.For("alice", k, "r-1")).ToArray();

        Assert.Equal(kinds.Length, kinds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_same_user_kind_and_request_id_give_the_same_transaction_id()
    {
        Assert.Equal("alice/deposit/r-1", TransactionId.For("alice", OperationKind.Deposit, "r-1"));
        Assert.Equal(TransactionId.For("alice", OperationKind.Deposit, "r-1"), TransactionId.For("alice", OperationKind.Deposit, "r-1"));
    }

    [Fact]
    public void No_request_id_a_client_can_send_equals_a_scoped_transaction_id()
    {
        var scoped = TransactionId.For("alice", OperationKind.Deposit, "r-1");

        Assert.False(RequestId.IsValid(scoped));
    }

    [Fact]
    public void A_scoped_id_is_never_longer_than_its_stated_bound()
    {
        var longest = TransactionId.For(new string('u', 32), OperationKind.Withdraw, new string('r', RequestId.MaxLength));

        Assert.Equal(TransactionId.MaxLength, longest.Length);
    }

    [Theory]
    [InlineData("alice/deposit/r-1", "r-1")]
    [InlineData("alice/transfer/a:b.c_d", "a:b.c_d")]
    [InlineData("void:alice/transfer/r-1@7", "void:r-1@7")]
    [InlineData("r-1", "r-1")] // a row written before ids were scoped
    [InlineData("void:r-1@7", "void:r-1@7")]
    [InlineData("open-acc-01", "open-acc-01")]
    [InlineData("x/y/z", "x/y/z")] // not a kind: left alone
    public void A_statement_shows_the_request_id_inside_a_transaction_id(string txId, string shown)
    {
        Assert.Equal(shown, TransactionId.RequestIdOf(txId));
    }

    [Theory]
    [InlineData("", "r-1")]
    [InlineData("Alice/x", "r-1")]
    [InlineData("alice", "r/1")]
    [InlineData("alice", "")]
    public void Scoping_an_invalid_user_or_request_id_throws(string user, string requestId)
    {
        Assert.Throws<ArgumentException>(() => TransactionId.For(user, OperationKind.Deposit, requestId));
    }
}
