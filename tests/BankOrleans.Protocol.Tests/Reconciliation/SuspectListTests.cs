using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Protocol.Tests.Reconciliation;

public sealed class SuspectListTests
{
    [Fact]
    public void Suspects_are_taken_oldest_first_and_each_once()
    {
        var list = new SuspectList(capacity: 10, maxAttempts: 3);
        list.Add(["b", "a", "b"]);
        list.Add(["c", "a"]);

        Assert.Equal(["b", "a"], Accounts(list.Take(2)));
        Assert.Equal(["c"], Accounts(list.Take(5)));
        Assert.Empty(list.Take(5));
    }

    [Fact]
    public void Suspects_beyond_the_bound_are_dropped_and_counted()
    {
        var list = new SuspectList(capacity: 2, maxAttempts: 3);

        Assert.Equal(0, list.Add(["a", "b"]));
        Assert.Equal(2, list.Add(["c", "a", "d"]));
        Assert.Equal(2, list.Count);
        Assert.Equal(["a", "b"], Accounts(list.Take(10)));
    }

    [Fact]
    public void Untried_suspects_go_back_to_the_front_in_their_order_with_their_attempts()
    {
        var list = new SuspectList(capacity: 10, maxAttempts: 3);
        list.Add(["a", "b", "c"]);
        var taken = list.Take(2);
        list.Add(["d"]);

        list.ReturnUntried(taken);

        Assert.Equal([new("a", 0), new("b", 0), new("c", 0), new("d", 0)], list.Take(10));
    }

    [Fact]
    public void A_suspect_is_retried_at_the_back_until_it_has_had_its_attempts()
    {
        var list = new SuspectList(capacity: 10, maxAttempts: 3);
        list.Add(["a", "b"]);

        var first = list.Take(1).Single();
        Assert.True(list.Retry(first));
        Assert.Equal([new("b", 0), new("a", 1)], list.Take(10));

        Assert.True(list.Retry(new("a", 1)));
        Assert.False(list.Retry(new("a", 2)));
        Assert.Equal([new("a", 2)], list.Take(10));
    }

    private static string[] Accounts(IEnumerable<SuspectList.Entry> entries) => [.. entries.Select(e => e.Account)];
}
