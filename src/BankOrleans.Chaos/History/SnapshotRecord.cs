namespace BankOrleans.Chaos.History;

/// <summary>One read of every funded account, from the masters or from the reader, between two run times.</summary>
internal sealed record SnapshotRecord(string Source, TimeSpan Started, TimeSpan Completed, IReadOnlyList<BalanceRead> Reads)
{
    public bool Complete => Reads.All(r => r.Ok);
}
