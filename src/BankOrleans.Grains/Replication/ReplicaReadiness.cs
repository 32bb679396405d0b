using BankOrleans.Grains.Diagnostics;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// Whether this silo's replica (a master's, or the reader's) has finished catching up after the
/// silo started. Until then a master's replica refuses votes and accepts and the reader refuses
/// queries. One per silo (a singleton); it goes from not ready to ready, and to not ready for good
/// when the file is found damaged while running (it is rebuilt at the next start). The silo's
/// <c>/health/ready</c> says the same (<see cref="SiloReadiness"/>, component
/// <see cref="Component"/>), with the reason.
/// </summary>
public sealed class ReplicaReadiness
{
    /// <summary>The replica's name among the silo's readiness components.</summary>
    public const string Component = "replica";

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SiloReadiness _silo;
    private readonly Lock _gate = new();
    private volatile string? _damage;

    /// <summary>Starts not ready, and says so to the silo's readiness.</summary>
    public ReplicaReadiness(SiloReadiness silo)
    {
        _silo = silo ?? throw new ArgumentNullException(nameof(silo));
        _silo.MarkPending(Component, "catching up from the other replicas after the start");
    }

    /// <summary>Whether catch-up has finished and the file has not been found damaged since.</summary>
    public bool IsReady => _ready.Task.IsCompleted && _damage is null;

    /// <summary>What was found wrong with the file while running, or null.</summary>
    public string? Damage => _damage;

    /// <summary>The file failed a read or write as corrupt: the replica votes on nothing until it is restarted and rebuilt.</summary>
    public void MarkDamaged(string damage)
    {
        lock (_gate)
        {
            if (_damage is not null)
            {
                return;
            }

            _damage = damage;
            _silo.MarkPending(Component, $"the replica file is damaged ({damage}); restart the silo to rebuild it from the other replicas");
        }
    }

    /// <summary>Completes when catch-up has finished.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Marks catch-up as finished (idempotent).</summary>
    public void MarkReady()
    {
        lock (_gate)
        {
            if (_ready.TrySetResult() && _damage is null)
            {
                _silo.MarkReady(Component);
            }
        }
    }
}
