namespace BankOrleans.Bench.Options;

/// <summary>The operations a benchmark worker can issue.</summary>
public enum OperationKind
{
    /// <summary>Move money between two random accounts.</summary>
    Transfer,

    /// <summary>Pay money into a random account.</summary>
    Deposit,

    /// <summary>Take money out of a random account (rejected if the balance is too low).</summary>
    Withdraw,

    /// <summary>Read a random account's balance.</summary>
    Balance,
}
