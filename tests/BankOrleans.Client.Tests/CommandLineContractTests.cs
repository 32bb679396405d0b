using BankOrleans.Client.Cli;

namespace BankOrleans.Client.Tests;

/// <summary>The command-line contract of ARCHITECTURE.md section 7 that holds without a cluster.</summary>
public sealed class CommandLineContractTests
{
    [Fact]
    public async Task Unknown_command_exits_2_with_one_error_line_and_nothing_on_stdout()
    {
        var run = await ClientRun.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        Assert.StartsWith("error: ", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("'frobnicate'", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_with_json_prints_one_usage_error_object()
    {
        var run = await ClientRun.RunAsync("--json", "frobnicate");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var answer = run.SingleJsonObject();
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("bad_input", answer.GetProperty("error").GetString());
        Assert.Contains("'frobnicate'", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardError);
    }

    [Fact]
    public async Task Unknown_option_after_the_command_with_json_exits_2_with_one_object()
    {
        var run = await ClientRun.RunAsync("admin", "status", "--no-such-option", "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("bad_input", run.SingleJsonObject().GetProperty("error").GetString());
    }

    [Fact]
    public async Task Missing_command_exits_2()
    {
        var run = await ClientRun.RunAsync("admin");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("error: ", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:http")]
    public async Task Malformed_gateway_is_bad_input(string gateway)
    {
        var run = await ClientRun.RunAsync("admin", "status", "--json", "--gateway", gateway);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var answer = run.SingleJsonObject();
        Assert.Equal("bad_input", answer.GetProperty("error").GetString());
        Assert.Contains(gateway, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_admin_group_and_global_options()
    {
        var run = await ClientRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("admin", run.StandardOutput, StringComparison.Ordinal);
        foreach (var option in new[] { "--gateway", "--json", "--session", "--request-id" })
        {
            Assert.Contains(option, run.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unreachable_cluster_exits_4_with_one_line_naming_the_gateway()
    {
        var gateway = $"127.0.0.1:{ClientRun.FreeLoopbackPort()}";

        var run = await ClientRun.RunAsync("admin", "status", "--gateway", gateway);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        var line = Assert.Single(run.StandardError.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: cannot reach the bank cluster at " + gateway, line, StringComparison.Ordinal);
        Assert.Contains("./bank up", line, StringComparison.Ordinal);
        Assert.True(run.Elapsed < new BankClientOptions().ConnectDeadline + TimeSpan.FromSeconds(2), $"took {run.Elapsed}");
    }

    [Fact]
    public async Task Unreachable_cluster_with_json_prints_one_unavailable_object_within_the_deadline()
    {
        var first = $"127.0.0.1:{ClientRun.FreeLoopbackPort()}";
        var second = $"127.0.0.1:{ClientRun.FreeLoopbackPort()}";

        var run = await ClientRun.RunAsync("--json", "--gateway", first, "--gateway", second, "admin", "status");

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        var answer = run.SingleJsonObject();
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("unavailable", answer.GetProperty("error").GetString());
        var message = answer.GetProperty("message").GetString();
        Assert.Contains(first, message, StringComparison.Ordinal);
        Assert.Contains(second, message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardError);
        Assert.True(run.Elapsed < new BankClientOptions().ConnectDeadline + TimeSpan.FromSeconds(2), $"took {run.Elapsed}");
    }
}
