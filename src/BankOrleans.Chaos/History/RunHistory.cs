using System.Collections.Concurrent;

namespace BankOrleans.Chaos.History;

/// <summary>Everything the run recorded: transfers, snapshots, fault windows. Thread-safe appends.</summary>
internal sealed class RunHistory
{
    private readonly ConcurrentQueue<TransferRecord> _transfers = new();
    private readonly ConcurrentQueue<SnapshotRecord> _snapshots = new();
    private readonly ConcurrentQueue<FaultWindow> _quorumLost = new();

    public IReadOnlyList<TransferRecord> Transfers => [.. _transfers];

    public IReadOnlyList<SnapshotRecord> Snapshots => [.. _snapshots];

    /// <summary>Windows during which at most one master was up (no write may be acknowledged).</summary>
    public IReadOnlyList<FaultWindow> QuorumLost => [.. _quorumLost];

    public void Add(TransferRecord record) => _transfers.Enqueue(record);

    public void Add(SnapshotRecord record) => _snapshots.Enqueue(record);

    public void AddQuorumLost(FaultWindow window) => _quorumLost.Enqueue(window);
}
