using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>Helpers that open and fund fresh accounts, unique per test.</summary>
internal static class Accounts
{
    public static string NewRequestId() => RequestId.New();

    /// <summary>Opens a new account (operator path) and deposits <paramref name="cents"/> into it.</summary>
    public static async Task<string> OpenFundedAsync(IGrainFactory grains, long cents, string owner = "alice")
    {
        var requestId = NewRequestId();
        var number = AccountNumber.ForRequest(requestId);
        var opened = await grains.GetGrain<IAccountGrain>(number).Open(requestId, owner, null);
        Assert.True(opened.Ok, opened.Message);
        if (cents > 0)
        {
            var funded = await grains.GetGrain<IAccountGrain>(number).Deposit(NewRequestId(), cents, null);
            Assert.True(funded.Ok, funded.Message);
        }

        return number;
    }

    public static async Task<long> BalanceAsync(IGrainFactory grains, string account)
    {
        var view = await grains.GetGrain<IAccountGrain>(account).ReadBalance(null);
        Assert.True(view.Ok, view.Message);
        return view.BalanceCents;
    }
}
