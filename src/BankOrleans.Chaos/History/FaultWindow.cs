namespace BankOrleans.Chaos.History;

/// <summary>A span of run time during which a fault held (e.g. two masters known down).</summary>
internal sealed record FaultWindow(string Fault, TimeSpan From, TimeSpan To);
