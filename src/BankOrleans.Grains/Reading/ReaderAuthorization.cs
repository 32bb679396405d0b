using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Security;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The one place where the reader's query grains decide who may see an account: the reader's
/// session check (<see cref="ReaderSessionValidator"/>), then ownership.
/// </summary>
internal static class ReaderAuthorization
{
    /// <summary>
    /// Null when the session may read <paramref name="account"/>; otherwise the error code and
    /// message to answer. An account of another customer looks exactly like one that does not exist.
    /// </summary>
    public static async Task<(string Error, string Message)?> DenyAsync(ISessionValidator sessions, string session, AccountState account)
    {
        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return (check.Error ?? ErrorCodes.NotAuthorized, check.Message);
        }

        return account.Owner == check.User ? null : (ErrorCodes.InvalidAccount, "invalid account");
    }
}
