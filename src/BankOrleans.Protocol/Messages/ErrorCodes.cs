namespace BankOrleans.Contracts;

/// <summary>
/// The error codes of the command-line and JSON contract (ARCHITECTURE section 7).
/// Each code maps to one exit code; see <see cref="ExitCodeOf"/>.
/// </summary>
public static class ErrorCodes
{
    /// <summary>Malformed or out-of-range input. Exit 2.</summary>
    public const string BadInput = "bad_input";

    /// <summary>The source account's balance does not cover the amount. Exit 3.</summary>
    public const string InsufficientFunds = "insufficient_funds";

    /// <summary>The account does not exist or does not belong to the caller. Exit 3.</summary>
    public const string InvalidAccount = "invalid_account";

    /// <summary>
    /// An open-account request whose account number already belongs to another account. Never
    /// shown to a user: <c>AccountOpening</c> (in Contracts) then tries the request's next number.
    /// </summary>
    public const string AccountNumberTaken = "account_number_taken";

    /// <summary>The session is missing, invalid or lacks the right. Exit 3.</summary>
    public const string NotAuthorized = "not_authorized";

    /// <summary>Username or password wrong (never says which). Exit 3.</summary>
    public const string BadCredentials = "bad_credentials";

    /// <summary>Registration of a taken username. Exit 3.</summary>
    public const string UserExists = "user_exists";

    /// <summary>Too many failed logins for this username; wait before trying again. Exit 3.</summary>
    public const string TooManyAttempts = "too_many_attempts";

    /// <summary>The operation would push a balance past what the bank can hold. Exit 3.</summary>
    public const string BalanceLimit = "balance_limit";

    /// <summary>No quorum, account frozen, or cluster unreachable; nothing was applied. Exit 4.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The operation may or may not have been applied; retry with the same request id. Exit 5.</summary>
    public const string OutcomeUnknown = "outcome_unknown";

    /// <summary>The process exit code the contract assigns to an error code.</summary>
    public static int ExitCodeOf(string code) => code switch
    {
        BadInput => 2,
        InsufficientFunds or InvalidAccount or NotAuthorized or BadCredentials or UserExists or BalanceLimit or TooManyAttempts => 3,
        Unavailable => 4,
        OutcomeUnknown => 5,
        _ => 1,
    };
}
