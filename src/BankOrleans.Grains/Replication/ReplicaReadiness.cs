namespace BankOrleans.Grains.Replication;

/// <summary>
/// Whether this silo's replica (a master's, or the reader's) has finished catching up after the
/// silo started. Until then a master's replica refuses votes and accepts and the reader refuses
/// queries. One per silo (a singleton); it goes from not ready to ready, and to not ready for good
/// when the file is found damaged while running (it is rebuilt at the next start).
/// </summary>
public sealed class ReplicaReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _damage;

    /// <summary>Whether catch-up has finished and the file has not been found damaged since.</summary>
    public bool IsReady => _ready.Task.IsCompleted && _damage is null;

    /// <summary>What was found wrong with the file while running, or null.</summary>
    public string? Damage => _damage;

    /// <summary>The file failed a read or write as corrupt: the replica votes on nothing until it is restarted and rebuilt.</summary>
    public void MarkDamaged(string damage) => _damage ??= damage;

    /// <summary>Completes when catch-up has finished.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Marks catch-up as finished (idempotent).</summary>
    public void MarkReady() => _ready.TrySetResult();
}
