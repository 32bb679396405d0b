using BankOrleans.Grains.Reconciliation;

namespace BankOrleans.Cluster.Tests.Recovery;

public sealed class SuspectListTests
{
    [Fact]
    public void Suspects_are_taken_oldest_first_and_each_once()
    {
        var list = new SuspectList(capacity: 10);
        list.Add(["b", "a", "b"]);
        list.Add(["c", "a"]);

        Assert.Equal(["b", "a"], list.Take(2));
        Assert.Equal(["c"], list.Take(5));
        Assert.Empty(list.Take(5));
    }

    [Fact]
    public void Suspects_beyond_the_bound_are_dropped_and_counted()
    {
        var list = new SuspectList(capacity: 2);

        Assert.Equal(0, list.Add(["a", "b"]));
        Assert.Equal(2, list.Add(["c", "a", "d"]));
        Assert.Equal(2, list.Count);
        Assert.Equal(["a", "b"], list.Take(10));
    }

    [Fact]
    public void A_taken_suspect_can_be_added_again()
    {
        var list = new SuspectList(capacity: 2);
        list.Add(["a"]);
        list.Take(1);

        list.Add(["a"]);

        Assert.Equal(["a"], list.Take(1));
    }
}
