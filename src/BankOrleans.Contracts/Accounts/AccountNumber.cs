using System.Security.Cryptography;
using System.Text;

namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// Account numbers: ten decimal digits. A new account's number is derived from the request id
/// that opens it, so retrying "open account" with the same id opens the same account once. Two
/// request ids can hash to one number (expect one collision around 10⁵ accounts): the request then
/// takes its next candidate, in a fixed order, so a retry still finds the same account.
/// </summary>
public static class AccountNumber
{
    /// <summary>How many candidate numbers one open request tries before it gives up.</summary>
    public const int Candidates = 8;

    /// <summary>Whether <paramref name="text"/> is a well-formed account number.</summary>
    public static bool IsValid(string? text) => text is { Length: 10 } && text.All(char.IsAsciiDigit);

    /// <summary>
    /// The <paramref name="candidate"/>-th account number (from 0) that the open-account request
    /// <paramref name="requestId"/> may create; candidate 0 is the number it creates unless that
    /// one was taken by another request.
    /// </summary>
    public static string ForRequest(string requestId, int candidate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidate);
        var seed = candidate == 0 ? "open-account:" + requestId : $"open-account:{requestId}#{candidate}";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var value = BitConverter.ToUInt64(digest, 0) % 9_000_000_000UL + 1_000_000_000UL;
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
