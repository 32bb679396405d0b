namespace BankOrleans.Contracts.Replication;

/// <summary>What a client operation does. Stored in the ledger, so values never change meaning.</summary>
public enum OperationKind
{
    /// <summary>Creates an account with balance zero.</summary>
    OpenAccount = 1,

    /// <summary>Adds money to one account.</summary>
    Deposit = 2,

    /// <summary>Takes money from one account if its balance covers it.</summary>
    Withdraw = 3,

    /// <summary>Moves money from one account to another, both legs atomically.</summary>
    Transfer = 4,

    /// <summary>
    /// Creates a user object (key <c>user:&lt;name&gt;</c>, see <see cref="ObjectKeys"/>) whose first row
    /// carries the password-hash record in <see cref="BankOperation.Payload"/>; refused if the user exists.
    /// </summary>
    RegisterUser = 5,

    /// <summary>Appends a row to the caller's user object: its version (the session epoch) grows, which ends every older session.</summary>
    Logout = 6,
}
