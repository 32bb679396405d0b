using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Contracts;

/// <summary>
/// The shape checks of every argument and grain key that a client can send to the customer and
/// operator surface (<c>IUserGrain</c>, <c>IAccountWritesGrain</c>, <c>IAccountGrain</c>, <c>IAccountQueryGrain</c>,
/// <c>IReplicaAuditGrain</c>), written once: each returns null when the value is acceptable, or a
/// message for <see cref="ErrorCodes.BadInput"/> that never echoes more than a few characters of
/// what was sent. A grain runs them before any session check, hashing or protocol round, so a
/// hostile value costs the silo nothing but the check.
/// </summary>
public static class GatewayInput
{
    /// <summary>The longest session token accepted (a real one is about 100 characters).</summary>
    public const int MaxSessionLength = 256;

    /// <summary>The longest operator credential accepted.</summary>
    public const int MaxOperatorTokenLength = 256;

    private const int Echoed = 24;

    /// <summary>A session argument: present and not over-long (whether it is valid is the session check's job).</summary>
    public static string? Session(string? token) => token switch
    {
        null => "session is missing (null)",
        { Length: > MaxSessionLength } => $"session must be at most {MaxSessionLength} characters",
        _ => null,
    };

    /// <summary>A request id: 1–64 letters, digits or <c>-_.:</c> (<see cref="Accounts.RequestId"/>).</summary>
    public static string? RequestId(string? requestId) =>
        Accounts.RequestId.IsValid(requestId) ? null : "request id must be 1-64 letters, digits or -_.:";

    /// <summary>An account number, as an argument or as a grain key.</summary>
    public static string? Account(string? account) =>
        AccountNumber.IsValid(account) ? null : $"'{Shown(account)}' is not an account number (10 digits)";

    /// <summary>A user grain's key: a valid username in its normalized (lower-case) form.</summary>
    public static string? UserKey(string? key)
    {
        if (UserName.Validate(key) is { } problem)
        {
            return problem;
        }

        return UserName.Normalize(key!) == key ? null : "username must be passed in its normalized (lower-case) form";
    }

    /// <summary>A password offered at login: present and no longer than any password registration accepts (bounds the hashing work).</summary>
    public static string? LoginPassword(string? password) => password switch
    {
        null or "" => "password is missing",
        { Length: > PasswordRules.MaxLength } => $"password must be at most {PasswordRules.MaxLength} characters",
        _ => null,
    };

    /// <summary>A statement's row limit: 1–<see cref="Statement.MaxLimit"/>.</summary>
    public static string? Limit(int limit) =>
        limit is >= 1 and <= Statement.MaxLimit ? null : $"limit must be between 1 and {Statement.MaxLimit}";

    /// <summary>A version a read waits for: 0 (none) or more.</summary>
    public static string? MinVersion(long minVersion) => minVersion >= 0 ? null : "minVersion must not be negative";

    /// <summary>An operator credential argument: present and not over-long (whether it is right is the authorizer's job).</summary>
    public static bool IsPlausibleOperatorToken(string? token) => token is { Length: > 0 and <= MaxOperatorTokenLength };

    /// <summary>Where a paged verify starts: "" for the first page, or an object key (an account number or <c>user:&lt;name&gt;</c>), optionally followed by U+0001 (a report's <c>Next</c>).</summary>
    public static string? VerifyStart(string? from)
    {
        if (from is null)
        {
            return "the start of the verify is missing (null)";
        }

        // A report's Next is the key after the last one of a page: an object key followed by U+0001.
        var key = from.EndsWith('\u0001') ? from[..^1] : from;
        var isUser = key.StartsWith(Replication.ObjectKeys.UserPrefix, StringComparison.Ordinal)
            && UserKey(key[Replication.ObjectKeys.UserPrefix.Length..]) is null;
        return from.Length == 0 || AccountNumber.IsValid(key) || isUser ? null : $"'{Shown(from)}' is not where a verify can start";
    }

    /// <summary>At most the first few characters of an untrusted value, for a message.</summary>
    public static string Shown(string? text) =>
        text is null ? "(null)" : text.Length <= Echoed ? text : text[..Echoed] + "…";
}
