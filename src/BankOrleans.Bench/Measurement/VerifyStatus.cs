namespace BankOrleans.Bench.Measurement;

/// <summary>The answer of the bank's <c>admin verify</c> after the run.</summary>
/// <param name="State"><c>green</c>, <c>red</c>, <c>not available</c> (the command does not exist yet) or <c>not run</c>.</param>
/// <param name="Detail">What the command said, or why it was not run.</param>
public sealed record VerifyStatus(string State, string Detail)
{
    /// <summary>Whether the command ran and reported no problem.</summary>
    public bool Green => State == "green";
}
