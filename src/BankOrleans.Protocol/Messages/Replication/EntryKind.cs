namespace BankOrleans.Contracts.Replication;

/// <summary>The kind of one ledger row of one account.</summary>
public enum EntryKind
{
    /// <summary>The account was opened.</summary>
    Open = 1,

    /// <summary>Money paid in.</summary>
    Deposit = 2,

    /// <summary>Money paid out.</summary>
    Withdrawal = 3,

    /// <summary>The debit leg of a transfer.</summary>
    TransferOut = 4,

    /// <summary>The credit leg of a transfer.</summary>
    TransferIn = 5,

    /// <summary>
    /// A version that changes nothing, written by a coordinator to retire a transfer leg
    /// that was accepted on a minority and can never commit (see the resolution rule).
    /// </summary>
    Void = 6,

    /// <summary>The first row of a user object: the user registered; the row's payload is the password-hash record.</summary>
    UserRegistered = 7,

    /// <summary>A later row of a user object: the user logged out, ending every session of an older epoch.</summary>
    UserLoggedOut = 8,
}
