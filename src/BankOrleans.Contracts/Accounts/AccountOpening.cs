namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// Opens an account for a request id: tries the request's candidate numbers
/// (<see cref="AccountNumber.ForRequest"/>) in order until one is free or already its own. The
/// order is fixed and a taken number stays taken, so retrying the same request id after any
/// answer ends at the same account, opened once.
/// </summary>
public static class AccountOpening
{
    /// <summary>Opens (or finds, on a retry) the account of <paramref name="requestId"/>, with <paramref name="initialDepositCents"/> paid in by the same write.</summary>
    /// <returns>The answer of the last attempt and the account number it was for.</returns>
    public static async Task<(WriteResult Result, string Account)> OpenAsync(IGrainFactory grains, string requestId, string session, long initialDepositCents = 0)
    {
        ArgumentNullException.ThrowIfNull(grains);
        WriteResult? result = null;
        var account = "";
        for (var candidate = 0; candidate < AccountNumber.Candidates; candidate++)
        {
            account = AccountNumber.ForRequest(requestId ?? "", candidate);
            result = await AccountWrites.Of(grains).Open(requestId!, account, initialDepositCents, session);
            if (result.Error != ErrorCodes.AccountNumberTaken)
            {
                return (result, account);
            }
        }

        return (WriteResult.Failed(
            ErrorCodes.InvalidAccount,
            "every account number this request id can open is taken; open with a new request id",
            requestId ?? "",
            result!.ServedBy), account);
    }
}
