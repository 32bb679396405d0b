namespace BankOrleans.Bench.Baseline;

/// <summary>The transactional state of a baseline account: its balance in integer cents.</summary>
[GenerateSerializer]
public sealed class AccountBalanceState
{
    /// <summary>The balance in cents; never negative.</summary>
    [Id(0)]
    public long BalanceCents { get; set; }
}
