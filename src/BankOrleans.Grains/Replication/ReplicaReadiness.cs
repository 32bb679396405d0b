namespace BankOrleans.Grains.Replication;

/// <summary>
/// Whether this silo's replica (a master's, or the reader's) has finished catching up after the
/// silo started. Until then a master's replica refuses votes and accepts and the reader refuses
/// queries. One per silo (a singleton); it only ever goes from not ready to ready.
/// </summary>
public sealed class ReplicaReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether catch-up has finished.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Completes when catch-up has finished.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Marks catch-up as finished (idempotent).</summary>
    public void MarkReady() => _ready.TrySetResult();
}
