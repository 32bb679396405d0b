namespace BankOrleans.Bench.Baseline;

/// <summary>
/// Thrown inside a baseline transfer whose source balance does not cover it, so that the whole
/// transaction aborts (the deposit leg included). The caller receives it as the inner exception
/// of an <c>OrleansTransactionAbortedException</c>.
/// </summary>
[GenerateSerializer]
public sealed class InsufficientFundsException : Exception
{
    /// <summary>Creates the refusal for <paramref name="account"/>.</summary>
    public InsufficientFundsException(string account)
        : base($"the balance of {account} does not cover the transfer") => Account = account;

    /// <summary>The account whose balance was too low.</summary>
    [Id(0)]
    public string Account { get; }
}
