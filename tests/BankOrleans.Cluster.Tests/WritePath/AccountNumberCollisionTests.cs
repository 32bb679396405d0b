using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>
/// Account numbers are hashes of the opening request id, so two requests can want one number
/// (expected around 10⁵ accounts): the second takes its next candidate, and retries find it again.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class AccountNumberCollisionTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_request_whose_number_is_taken_opens_its_next_candidate_once_however_often_it_is_retried()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var bob = await Customer.RegisterAsync(Grains);
        var request = RequestId.New();
        var wanted = AccountNumber.ForRequest(request);
        // Another request already holds the number this request hashes to.
        var squatter = await AccountWrites.Of(Grains).Open(RequestId.New(), wanted, 0, bob.Session);
        Assert.True(squatter.Ok, squatter.Message);

        var (first, account) = await AccountOpening.OpenAsync(Grains, request, alice.Session);
        var (retried, again) = await AccountOpening.OpenAsync(Grains, request, alice.Session);

        Assert.True(first.Ok, first.Message);
        Assert.True(retried.Ok, retried.Message);
        Assert.Equal(AccountNumber.ForRequest(request, 1), account);
        Assert.Equal(account, again);
        var owned = await Grains.GetGrain<IUserGrain>(alice.User).ListAccounts(alice.Session);
        Assert.True(owned.Ok, owned.Message);
        Assert.Equal(
            new[] { alice.FirstAccount, account }.Order(StringComparer.Ordinal),
            owned.Accounts.Select(a => a.Account).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Opening_a_taken_number_directly_is_refused_without_touching_the_holder()
    {
        var bob = await Customer.RegisterAsync(Grains);
        var mallory = await Customer.RegisterAsync(Grains);

        var refused = await AccountWrites.Of(Grains).Open(RequestId.New(), bob.FirstAccount, 0, mallory.Session);

        Assert.Equal(ErrorCodes.AccountNumberTaken, refused.Error);
        var view = await Grains.GetGrain<IAccountGrain>(bob.FirstAccount).ReadBalance(bob.Session);
        Assert.True(view.Ok, view.Message);
        Assert.Equal(1, view.Version);
    }
}
