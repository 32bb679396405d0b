using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>Helpers that open and fund fresh accounts, unique per test, for a customer's session.</summary>
internal static class Accounts
{
    public static string NewRequestId() => RequestId.New();

    /// <summary>Opens a new account for the session's user and deposits <paramref name="cents"/> into it.</summary>
    public static async Task<string> OpenFundedAsync(IGrainFactory grains, long cents, string session)
    {
        var requestId = NewRequestId();
        var number = AccountNumber.ForRequest(requestId);
        var opened = await AccountWrites.Of(grains).Open(requestId, number, 0, session);
        Assert.True(opened.Ok, opened.Message);
        if (cents > 0)
        {
            var funded = await AccountWrites.Of(grains).Deposit(NewRequestId(), number, cents, session);
            Assert.True(funded.Ok, funded.Message);
        }

        return number;
    }

    public static async Task<long> BalanceAsync(IGrainFactory grains, string account, string session)
    {
        var view = await grains.GetGrain<IAccountGrain>(account).ReadBalance(session);
        Assert.True(view.Ok, view.Message);
        return view.BalanceCents;
    }
}
