namespace BankOrleans.Contracts.Users;

/// <summary>Password rules for registration: 12–128 characters, not only whitespace.</summary>
public static class PasswordRules
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinLength = 12;

    /// <summary>The longest password accepted (bounds the hashing work an attacker can ask for).</summary>
    public const int MaxLength = 128;

    /// <summary>Null if <paramref name="password"/> is acceptable, else a message naming the broken rule (never the password).</summary>
    public static string? Validate(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "password is missing";
        }

        if (password.Length < MinLength)
        {
            return $"password must be at least {MinLength} characters";
        }

        if (password.Length > MaxLength)
        {
            return $"password must be at most {MaxLength} characters";
        }

        return string.IsNullOrWhiteSpace(password) ? "password must not be only whitespace" : null;
    }
}
