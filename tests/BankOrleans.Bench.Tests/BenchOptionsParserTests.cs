using BankOrleans.Bench.Options;

namespace BankOrleans.Bench.Tests;

public sealed class BenchOptionsParserTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_are_the_issue_figures()
    {
        var options = BenchOptionsParser.Parse([], NoEnvironment).Options!;

        Assert.Equal(10_000, options.Accounts);
        Assert.Equal(64, options.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal("transfer", options.Mix.ToString());
        Assert.False(options.Json);
        Assert.False(options.Compare);
        Assert.Equal(["127.0.0.1:30001", "127.0.0.1:30002", "127.0.0.1:30003", "127.0.0.1:30004"], options.Gateways);
        Assert.Equal("data", options.DataDirectory);
        Assert.True(options.PinLeaderGateway);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var result = BenchOptionsParser.Parse(
            ["--accounts", "1000", "--concurrency", "16", "--fund-concurrency", "32", "--duration", "10", "--warmup", "0", "--mix", "transfer,deposit,withdraw,balance",
             "--seed", "7", "--json", "--compare", "--rounds", "3", "--gateway", "127.0.0.1:31001", "--gateway", "127.0.0.1:31002",
             "--data-dir", "/tmp/d", "--client", "/tmp/c.dll", "--no-ceiling", "--baseline-silos", "3", "--baseline-port", "25000", "--any-gateway"],
            NoEnvironment);
        var options = result.Options!;

        Assert.Empty(result.Errors);
        Assert.Equal(1000, options.Accounts);
        Assert.Equal(16, options.Concurrency);
        Assert.Equal(32, options.FundConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Duration);
        Assert.Equal(TimeSpan.Zero, options.Warmup);
        Assert.Equal("transfer,deposit,withdraw,balance", options.Mix.ToString());
        Assert.Equal(7, options.Seed);
        Assert.True(options.Json);
        Assert.True(options.Compare);
        Assert.Equal(3, options.Rounds);
        Assert.Equal(["127.0.0.1:31001", "127.0.0.1:31002"], options.Gateways);
        Assert.Equal("/tmp/d", options.DataDirectory);
        Assert.Equal("/tmp/c.dll", options.ClientAssembly);
        Assert.True(options.SkipCeiling);
        Assert.Equal(3, options.BaselineSilos);
        Assert.Equal(25000, options.BaselinePort);
        Assert.False(options.PinLeaderGateway);
    }

    [Fact]
    public void Gateways_and_data_directory_come_from_the_environment_when_not_given()
    {
        var environment = new Dictionary<string, string> { ["BANK_GATEWAYS"] = "127.0.0.1:33001, 127.0.0.1:33002", ["BANK_DATA_DIR"] = "/srv/bank" };

        var options = BenchOptionsParser.Parse([], name => environment.GetValueOrDefault(name)).Options!;

        Assert.Equal(["127.0.0.1:33001", "127.0.0.1:33002"], options.Gateways);
        Assert.Equal("/srv/bank", options.DataDirectory);
    }

    [Theory]
    [InlineData("--accounts", "1", "--accounts must be at least 2")]
    [InlineData("--concurrency", "0", "--concurrency must be at least 1")]
    [InlineData("--fund-concurrency", "0", "--fund-concurrency must be at least 1")]
    [InlineData("--duration", "0", "--duration must be at least 1")]
    [InlineData("--warmup", "-1", "--warmup must be at least 0")]
    public void Out_of_range_numbers_are_refused(string option, string value, string expected)
    {
        var result = BenchOptionsParser.Parse([option, value], NoEnvironment);

        Assert.Null(result.Options);
        Assert.Equal([expected], result.Errors);
    }

    [Fact]
    public void A_gateway_that_is_not_an_ip_and_port_is_refused_before_anything_runs()
    {
        var result = BenchOptionsParser.Parse(["--gateway", "127.0.0.1:30001", "--gateway", "master-1:30001"], NoEnvironment);

        Assert.Null(result.Options);
        Assert.Equal(["gateway 'master-1:30001' must be an IP address and a port, e.g. 127.0.0.1:30001"], result.Errors);
    }

    [Fact]
    public void A_bad_gateway_in_the_environment_is_refused_too()
    {
        var environment = new Dictionary<string, string> { ["BANK_GATEWAYS"] = "127.0.0.1:33001,127.0.0.1:0" };

        var result = BenchOptionsParser.Parse([], name => environment.GetValueOrDefault(name));

        Assert.Equal(["gateway '127.0.0.1:0' has an invalid port (expected 1-65535)"], result.Errors);
    }

    [Fact]
    public void Each_worker_needs_two_accounts()
    {
        var result = BenchOptionsParser.Parse(["--accounts", "10", "--concurrency", "6"], NoEnvironment);

        Assert.Null(result.Options);
        Assert.Equal(["--accounts must be at least twice --concurrency: each worker is a customer moving money between its own accounts"], result.Errors);
        Assert.NotNull(BenchOptionsParser.Parse(["--accounts", "12", "--concurrency", "6"], NoEnvironment).Options);
    }

    [Theory]
    [InlineData("--compare", "--no-ceiling")]
    [InlineData("--json")]
    public void Logins_in_the_mix_are_refused_where_the_peer_or_the_ceiling_would_run(params string[] others)
    {
        var result = BenchOptionsParser.Parse(["--mix", "balance:50,login", .. others], NoEnvironment);

        Assert.Null(result.Options);
        Assert.Equal(
            ["--mix login measures the bank's logins, which the Orleans Transactions peer and the SQLite ceiling do not have: run it without --compare and with --no-ceiling"],
            result.Errors);
    }

    [Fact]
    public void Logins_in_the_mix_run_against_the_bank_alone()
    {
        var result = BenchOptionsParser.Parse(["--mix", "balance:50,login", "--no-ceiling"], NoEnvironment);

        Assert.Empty(result.Errors);
        Assert.True(result.Options!.Mix.LogsIn);
        Assert.False(result.Options.Compare);
    }

    [Fact]
    public void Unknown_options_and_non_numbers_are_refused()
    {
        Assert.NotEmpty(BenchOptionsParser.Parse(["--frobnicate"], NoEnvironment).Errors);
        Assert.NotEmpty(BenchOptionsParser.Parse(["--accounts", "many"], NoEnvironment).Errors);
    }

    [Fact]
    public void Help_is_a_request_not_an_error()
    {
        var result = BenchOptionsParser.Parse(["--help"], NoEnvironment);

        Assert.True(result.HelpRequested);
        Assert.Null(result.Options);
        Assert.Empty(result.Errors);
    }
}
