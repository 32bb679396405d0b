namespace BankOrleans.Chaos.Checks;

/// <summary>The verdict of one check and what it saw (the first violations, or the counts).</summary>
internal sealed record CheckResult(string Name, bool Ok, string Detail);
