namespace BankOrleans.Contracts.Users;

/// <summary>
/// Usernames: 3–32 characters of ASCII letters, digits, '.', '_' and '-'. Names are compared
/// case-insensitively: <see cref="Normalize"/> lower-cases them before they become keys.
/// </summary>
public static class UserName
{
    /// <summary>The shortest username accepted.</summary>
    public const int MinLength = 3;

    /// <summary>The longest username accepted.</summary>
    public const int MaxLength = 32;

    /// <summary>Null if <paramref name="name"/> is a valid username, else a message naming the broken rule.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "username is missing";
        }

        if (name.Length < MinLength)
        {
            return $"username must be at least {MinLength} characters";
        }

        if (name.Length > MaxLength)
        {
            return $"username must be at most {MaxLength} characters";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : "username may contain only letters, digits, '.', '_' and '-'";
    }

    /// <summary>Whether <paramref name="name"/> is a valid username.</summary>
    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary>The canonical (lower-case) form of a valid username: the key of its user grain and object.</summary>
    public static string Normalize(string name) => name.ToLowerInvariant();
}
