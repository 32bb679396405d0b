using System.Collections.Concurrent;

namespace BankOrleans.Grains.Diagnostics;

/// <summary>
/// The readiness hook of a silo: components that must finish something before the silo should
/// take traffic (the read replica catching up, a master replica catching up after a restart)
/// mark themselves pending and then ready. The silo's <c>/health/ready</c> endpoint answers 200
/// only when the silo is an active cluster member and no component is pending.
/// </summary>
/// <remarks>
/// One singleton per silo (registered by the silo's hosting; inject it). Mark a component
/// pending as early as possible — in a constructor or the first lifecycle stage — so that the
/// silo never looks ready before the component had a chance to say it is not. Thread-safe.
/// </remarks>
public sealed class SiloReadiness
{
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="component"/> as not ready, with a reason an operator can read.</summary>
    public void MarkPending(string component, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        _pending[component] = reason ?? string.Empty;
    }

    /// <summary>Marks <paramref name="component"/> as ready; a component never marked pending is ready already.</summary>
    public void MarkReady(string component)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        _pending.TryRemove(component, out _);
    }

    /// <summary>The components that are not ready yet, with their reasons, ordered by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pending =>
        [.. _pending.OrderBy(p => p.Key, StringComparer.Ordinal)];

    /// <summary>True when no component is pending.</summary>
    public bool AllComponentsReady => _pending.IsEmpty;
}
