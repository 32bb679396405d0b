namespace BankOrleans.Protocol.Recovery;

/// <summary>The timing of a replica's start-up recovery (<see cref="ReplicaRecovery"/>).</summary>
/// <param name="PeerCallTimeout">How long one call to a peer may take before it counts as silent.</param>
/// <param name="RetryDelay">How long to wait before asking again when peers are missing or a repair failed.</param>
/// <param name="CatchUpDeadline">
/// How long a <em>normal</em> replica (its state proven) tries to catch up before it votes anyway.
/// A recovering or unformed replica has no deadline: it never votes on a deadline alone.
/// </param>
/// <param name="InventoryTimeout">How long reading a peer's whole inventory (every page) may take.</param>
public sealed record RecoveryTiming(TimeSpan PeerCallTimeout, TimeSpan RetryDelay, TimeSpan CatchUpDeadline, TimeSpan InventoryTimeout);
