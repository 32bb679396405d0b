namespace BankOrleans.Contracts.Accounts;

/// <summary>Request ids: what a client sends so that a retried write is applied at most once.</summary>
public static class RequestId
{
    /// <summary>The longest request id accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="text"/> is a usable request id: 1–64 chars of letters, digits, '-', '_', '.', ':'.</summary>
    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= MaxLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    /// <summary>A fresh random request id.</summary>
    public static string New() => Guid.NewGuid().ToString("N");
}
