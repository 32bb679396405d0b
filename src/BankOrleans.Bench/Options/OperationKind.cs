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

    /// <summary>
    /// Log the worker's customer in again: a password check, about a third of a second of a
    /// master's CPU on its hashing threads. The bank's alone (the peers and the ceiling have no
    /// customers), so it runs only without <c>--compare</c> and with <c>--no-ceiling</c>.
    /// </summary>
    Login,
}
