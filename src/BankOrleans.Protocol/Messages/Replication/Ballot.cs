namespace BankOrleans.Contracts.Replication;

/// <summary>
/// A Paxos ballot issued by one council member. Ordered by (epoch, counter, member):
/// a member's epoch is bumped durably on every activation, so ballots keep growing
/// across restarts, and no two grants ever carry the same ballot.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Ballot(
    [Id(0)] long Epoch,
    [Id(1)] long Counter,
    [Id(2)] int Member) : IComparable<Ballot>
{
    /// <summary>The ballot below every issued ballot; what a fresh replica has promised.</summary>
    public static readonly Ballot Zero = new(0, 0, 0);

    /// <inheritdoc />
    public int CompareTo(Ballot other)
    {
        var c = Epoch.CompareTo(other.Epoch);
        if (c != 0) return c;
        c = Counter.CompareTo(other.Counter);
        return c != 0 ? c : Member.CompareTo(other.Member);
    }

    public static bool operator <(Ballot a, Ballot b) => a.CompareTo(b) < 0;
    public static bool operator >(Ballot a, Ballot b) => a.CompareTo(b) > 0;
    public static bool operator <=(Ballot a, Ballot b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Ballot a, Ballot b) => a.CompareTo(b) >= 0;

    /// <summary>The larger of two ballots.</summary>
    public static Ballot Max(Ballot a, Ballot b) => a >= b ? a : b;

    /// <inheritdoc />
    public override string ToString() => $"{Epoch}.{Counter}.{Member}";
}
