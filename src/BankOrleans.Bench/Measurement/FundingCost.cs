namespace BankOrleans.Bench.Measurement;

/// <summary>
/// What opening and funding the bank's accounts took before the measured rounds: the wall time
/// and the CPU the silos spent, per account funded (through the same replicated path as every write).
/// </summary>
/// <param name="Seconds">Wall time from the first open to the last answer.</param>
/// <param name="Accounts">Accounts opened and funded.</param>
/// <param name="SiloCpu">The CPU the bank's silos used meanwhile (a silo that exited meanwhile is left out: less than was used, never more).</param>
public sealed record FundingCost(double Seconds, int Accounts, TimeSpan SiloCpu)
{
    /// <summary>Milliseconds of silo CPU per account funded; null when no account was.</summary>
    public double? CpuMsPerAccount => Accounts > 0 ? SiloCpu.TotalMilliseconds / Accounts : null;
}
