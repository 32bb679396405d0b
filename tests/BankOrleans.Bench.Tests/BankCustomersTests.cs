using BankOrleans.Bench.Targets;

namespace BankOrleans.Bench.Tests;

public sealed class BankCustomersTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(16, 16)]
    [InlineData(64, 64)]
    [InlineData(256, 64)]
    [InlineData(1024, 64)]
    [InlineData(100, 50)]
    [InlineData(67, 1)]
    public void Workers_get_one_user_each_up_to_the_cap_then_share_them(int workers, int expected)
    {
        Assert.Equal(expected, BankSessionTarget.CustomersFor(workers));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1024)]
    [InlineData(65)]
    public void Every_account_of_a_worker_belongs_to_that_workers_user(int workers)
    {
        var customers = BankSessionTarget.CustomersFor(workers);

        for (var worker = 0; worker < workers; worker++)
        {
            for (var account = worker; account < 5 * workers; account += workers)
            {
                Assert.Equal(worker % customers, account % customers);
            }
        }
    }
}
