using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Grains.Accounts;

/// <summary>Turns a coordinator's verdict into the answer a client gets.</summary>
internal static class CoordinatorAnswers
{
    public static WriteResult ToWriteResult(CoordinatorResult result, string requestId, string servedBy) => result.Verdict switch
    {
        CoordinatorVerdict.Committed => new WriteResult(true, null, "ok", requestId, result.Outcome!.Accounts, servedBy),
        CoordinatorVerdict.Rejected => WriteResult.Failed(
            result.Outcome?.RejectionCode ?? ErrorCodes.InvalidAccount, Describe(result.Outcome?.RejectionCode), requestId, servedBy),
        CoordinatorVerdict.Unavailable => WriteResult.Failed(ErrorCodes.Unavailable, result.Message, requestId, servedBy),
        _ => WriteResult.Failed(ErrorCodes.OutcomeUnknown, result.Message, requestId, servedBy),
    };

    public static string Describe(string? code) => code switch
    {
        ErrorCodes.InsufficientFunds => "insufficient funds",
        ErrorCodes.BalanceLimit => "the destination balance would exceed what an account can hold",
        ErrorCodes.UserExists => "user exists: that username is taken",
        ErrorCodes.NotAuthorized => "not authorized",
        ErrorCodes.BadInput => "bad input",
        _ => "invalid account",
    };
}
