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
}
