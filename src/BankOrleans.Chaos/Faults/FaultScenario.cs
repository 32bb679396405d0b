namespace BankOrleans.Chaos.Faults;

/// <summary>
/// A named fault schedule: <see cref="Step"/> (one complete inject-hold-heal fault) is repeated
/// every <see cref="Period"/> during the fault phase, and a transfer is sent three times with one
/// request id with probability <see cref="StormProbability"/>.
/// </summary>
/// <param name="Name">The name <c>--scenario</c> takes.</param>
/// <param name="Description">What it does, for people.</param>
/// <param name="Period">Time between the starts of two faults.</param>
/// <param name="StormProbability">0 = each transfer sent once; 1 = every transfer sent 3 times.</param>
/// <param name="NeedsFirewall">Whether it needs iptables.</param>
/// <param name="Step">One fault.</param>
internal sealed record FaultScenario(
    string Name, string Description, TimeSpan Period, double StormProbability, bool NeedsFirewall, Func<FaultActions, Task> Step);
