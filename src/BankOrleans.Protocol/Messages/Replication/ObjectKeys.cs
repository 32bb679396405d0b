namespace BankOrleans.Contracts.Replication;

/// <summary>
/// The keys of replicated objects. Accounts are keyed by their 10-digit number; a user is the
/// object <c>user:&lt;username&gt;</c>, which can never collide with an account number.
/// </summary>
public static class ObjectKeys
{
    /// <summary>The prefix of every user object's key.</summary>
    public const string UserPrefix = "user:";

    /// <summary>The key of the user object of <paramref name="username"/> (already normalized).</summary>
    public static string User(string username) => UserPrefix + username;

    /// <summary>Whether <paramref name="key"/> names a user object.</summary>
    public static bool IsUser(string key) => key.StartsWith(UserPrefix, StringComparison.Ordinal);
}
