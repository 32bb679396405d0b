namespace BankOrleans.Grains.Hosting;

/// <summary>Transfer policy, bound from <c>Bank:Transfers</c>.</summary>
public sealed class TransferOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Transfers";

    /// <summary>
    /// Whether a transfer may credit an account of another customer. Default false: both
    /// accounts must be the caller's (the original design's rule).
    /// </summary>
    public bool AllowOtherCustomers { get; set; }
}
