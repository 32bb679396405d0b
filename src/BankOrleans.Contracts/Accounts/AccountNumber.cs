using System.Security.Cryptography;
using System.Text;

namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// Account numbers: ten decimal digits. A new account's number is derived from the request id
/// that opens it, so retrying "open account" with the same id opens the same account once.
/// </summary>
public static class AccountNumber
{
    /// <summary>Whether <paramref name="text"/> is a well-formed account number.</summary>
    public static bool IsValid(string? text) => text is { Length: 10 } && text.All(char.IsAsciiDigit);

    /// <summary>The account number that the open-account request <paramref name="requestId"/> creates.</summary>
    public static string ForRequest(string requestId)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("open-account:" + requestId));
        var value = BitConverter.ToUInt64(digest, 0) % 9_000_000_000UL + 1_000_000_000UL;
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
