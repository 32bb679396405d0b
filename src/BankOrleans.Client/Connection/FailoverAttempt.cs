namespace BankOrleans.Client.Connection;

/// <summary>One try of a command inside its failover bound (<see cref="FailoverLoop"/>).</summary>
/// <param name="Number">0 for the first try, then 1, 2, …: the gateway list is rotated by it, so each try starts on another gateway.</param>
/// <param name="Remaining">What is left of the bound: the try's connect deadline and response timeout must not exceed it (<see cref="TimeSpan.MaxValue"/> when there is no bound).</param>
public readonly record struct FailoverAttempt(int Number, TimeSpan Remaining);
