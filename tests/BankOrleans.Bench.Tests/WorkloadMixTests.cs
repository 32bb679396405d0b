using BankOrleans.Bench.Options;

namespace BankOrleans.Bench.Tests;

public sealed class WorkloadMixTests
{
    [Theory]
    [InlineData("transfer", "transfer")]
    [InlineData("Transfer, Deposit", "transfer,deposit")]
    [InlineData("transfer:7,balance:3", "transfer:7,balance:3")]
    [InlineData("balance:50,LOGIN", "balance:50,login")]
    public void Valid_mixes_parse_and_print_back(string text, string expected)
    {
        Assert.True(WorkloadMix.TryParse(text, out var mix, out var error));
        Assert.Null(error);
        Assert.Equal(expected, mix!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("transfers")]
    [InlineData("transfer:0")]
    [InlineData("transfer:x")]
    [InlineData("transfer,transfer")]
    [InlineData("1")]
    [InlineData("transfer:1:2")]
    public void Invalid_mixes_are_refused_with_a_reason(string text)
    {
        Assert.False(WorkloadMix.TryParse(text, out var mix, out var error));
        Assert.Null(mix);
        Assert.StartsWith("--mix:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pick_follows_the_weights()
    {
        Assert.True(WorkloadMix.TryParse("transfer:3,balance:1", out var mix, out _));
        var random = new Random(42);
        var counts = new Dictionary<OperationKind, int>();
        for (var i = 0; i < 40_000; i++)
        {
            var kind = mix!.Pick(random);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        Assert.Equal([OperationKind.Transfer, OperationKind.Balance], counts.Keys.Order());
        Assert.InRange(counts[OperationKind.Transfer] / 40_000.0, 0.73, 0.77);
    }

    [Fact]
    public void Only_deposits_and_withdrawals_change_the_total()
    {
        Assert.False(WorkloadMix.TransfersOnly.ChangesTotal);
        Assert.True(WorkloadMix.TryParse("transfer,balance", out var reads, out _));
        Assert.False(reads!.ChangesTotal);
        Assert.True(WorkloadMix.TryParse("transfer,withdraw", out var writes, out _));
        Assert.True(writes!.ChangesTotal);
    }

    [Fact]
    public void Only_a_mix_with_login_logs_customers_in()
    {
        Assert.True(WorkloadMix.TryParse("transfer,deposit,withdraw,balance", out var money, out _));
        Assert.False(money!.LogsIn);
        Assert.True(WorkloadMix.TryParse("balance,login", out var logins, out _));
        Assert.True(logins!.LogsIn);
        Assert.False(logins.ChangesTotal);
    }
}
