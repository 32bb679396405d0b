using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Contracts.Users;

/// <summary>
/// One user (key = normalized username), on any master: registration, login with per-user
/// throttling of failed attempts, logout, and the list of the user's accounts. The user record
/// is the replicated object <c>user:&lt;name&gt;</c>, written through the same write path as
/// accounts. Every method answers errors as values, never as exceptions, and never echoes a password;
/// a malformed key or a null or over-long argument is <c>bad_input</c> (<see cref="GatewayInput"/>).
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers this username with <paramref name="password"/> (stored only as a salted PBKDF2 hash)
    /// and opens its first account; a retry with the same <paramref name="requestId"/> answers the
    /// same user and account. Errors: <c>bad_input</c> (a rule), <c>user_exists</c>, <c>unavailable</c>, <c>outcome_unknown</c>.
    /// </summary>
    Task<RegistrationResult> Register(string requestId, string password);

    /// <summary>
    /// Checks the password and returns a session token. Errors: <c>bad_input</c> (a key no user can have,
    /// or a password that is missing or longer than any registration accepts: refused before hashing),
    /// <c>bad_credentials</c> (unknown user or wrong password, indistinguishable), <c>too_many_attempts</c>
    /// (throttled), <c>unavailable</c>.
    /// </summary>
    Task<LoginResult> Login(string password);

    /// <summary>Ends every session of this user issued so far (a replicated logout row). Errors: <c>not_authorized</c>, <c>unavailable</c>, <c>outcome_unknown</c>.</summary>
    Task<WriteResult> Logout(string session);

    /// <summary>The session's user's accounts with linearizable balances. Errors: <c>not_authorized</c>, <c>unavailable</c>.</summary>
    Task<OwnedAccounts> ListAccounts(string session);
}
