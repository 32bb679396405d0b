using BankOrleans.Bench.Targets;

namespace BankOrleans.Bench.Tests;

public sealed class BankCustomersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(67)]
    [InlineData(100)]
    [InlineData(1024)]
    public void Every_account_of_a_worker_belongs_to_the_user_the_worker_acts_as(int workers)
    {
        for (var worker = 0; worker < workers; worker++)
        {
            for (var account = worker; account < 5 * workers; account += workers)
            {
                Assert.Equal(BankSessionTarget.CustomerOf(worker, workers), BankSessionTarget.CustomerOf(account, workers));
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 64)]
    [InlineData(67, 64)]
    [InlineData(100, 64)]
    [InlineData(1024, 64)]
    public void Workers_get_a_user_each_up_to_the_cap_then_share_them_evenly(int workers, int users)
    {
        var perUser = Enumerable.Range(0, workers).GroupBy(w => BankSessionTarget.CustomerOf(w, workers)).Select(g => g.Count()).ToArray();

        Assert.Equal(users, perUser.Length);
        Assert.True(perUser.Max() - perUser.Min() <= 1);
    }

    [Theory]
    [InlineData("unavailable", "unavailable: too many logins", "unavailable: too many logins")]
    [InlineData("insufficient_funds", "the balance is too low", "insufficient_funds: the balance is too low")]
    [InlineData("unavailable", "unavailable_soon: other", "unavailable: unavailable_soon: other")]
    public void A_refusal_is_reported_with_its_code_once(string error, string message, string expected)
    {
        Assert.Equal(expected, BankSessionTarget.Describe(error, message));
    }
}
