using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>A registered, logged-in test user: its name, password, first account and session.</summary>
internal sealed record Customer(string User, string Password, string FirstAccount, string Session)
{
    public const string DefaultPassword = "correct horse battery";

    /// <summary>Registers a fresh user (unique name per call) and logs it in.</summary>
    public static async Task<Customer> RegisterAsync(IGrainFactory grains, string prefix = "u")
    {
        var user = $"{prefix}-{Guid.NewGuid():N}"[..24];
        var registered = await grains.GetGrain<IUserGrain>(user).Register(RequestId.New(), DefaultPassword);
        Assert.True(registered.Ok, registered.Message);
        var login = await grains.GetGrain<IUserGrain>(user).Login(DefaultPassword);
        Assert.True(login.Ok, login.Message);
        return new Customer(user, DefaultPassword, registered.Account, login.Session);
    }
}
