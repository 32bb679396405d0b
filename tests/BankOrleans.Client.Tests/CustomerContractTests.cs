using BankOrleans.Client.Cli;

namespace BankOrleans.Client.Tests;

/// <summary>
/// Every invalid input of the customer commands is refused by the client before it connects:
/// exit 2 (bad input) or 3 (not logged in), one error, and nothing sent — the gateway given is one
/// nobody listens on, so a command that tried to reach the cluster would exit 4 instead.
/// </summary>
public sealed class CustomerContractTests
{
    private static readonly string Nowhere = $"127.0.0.1:{ClientRun.FreeLoopbackPort()}";
    private static readonly Dictionary<string, string> GoodPassword = new() { ["BANK_PASSWORD"] = "correct horse battery" };
    private const string Session = "s1:alice:1:9999999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    public static TheoryData<string[], int, string> InvalidInputs() => new()
    {
        { ["register", "ab"], ExitCodes.BadInput, "username must be at least 3 characters" },
        { ["register", new string('a', 33)], ExitCodes.BadInput, "username must be at most 32 characters" },
        { ["register", "bad/name"], ExitCodes.BadInput, "username may contain only letters, digits, '.', '_' and '-'" },
        { ["register", "alice", "--request-id", "bad id!"], ExitCodes.BadInput, "--request-id must be 1-64 letters, digits or -_.:" },
        { ["deposit", "12345", "1.00", "--session", Session], ExitCodes.BadInput, "'12345' is not an account number (10 digits)" },
        { ["deposit", "1234567890", "1.001", "--session", Session], ExitCodes.BadInput, "amount '1.001' has more than 2 decimal places" },
        { ["deposit", "1234567890", "0", "--session", Session], ExitCodes.BadInput, "amount must be greater than 0" },
        { ["deposit", "1234567890", "-5", "--session", Session], ExitCodes.BadInput, "amount '-5' is not a decimal number like 12.34" },
        { ["withdraw", "1234567890", "abc", "--session", Session], ExitCodes.BadInput, "amount 'abc' is not a decimal number like 12.34" },
        { ["withdraw", "1234567890", "2000000000", "--session", Session], ExitCodes.BadInput, "amount '2000000000' exceeds the limit of 1000000000.00 per operation" },
        { ["transfer", "1234567890", "1234567890", "1.00", "--session", Session], ExitCodes.BadInput, "source and destination are the same account" },
        { ["transfer", "1234567890", "x", "1.00", "--session", Session], ExitCodes.BadInput, "'x' is not an account number (10 digits)" },
        { ["balance", "12", "--session", Session], ExitCodes.BadInput, "'12' is not an account number (10 digits)" },
        { ["history", "1234567890", "--limit", "0", "--session", Session], ExitCodes.BadInput, "--limit must be between 1 and 1000" },
        { ["history", "1234567890", "--limit", "1001", "--session", Session], ExitCodes.BadInput, "--limit must be between 1 and 1000" },
        { ["deposit", "1234567890", "1.00"], ExitCodes.Rejected, "not logged in" },
        { ["withdraw", "1234567890", "1.00"], ExitCodes.Rejected, "not logged in" },
        { ["transfer", "1234567890", "1234567891", "1.00"], ExitCodes.Rejected, "not logged in" },
        { ["balance", "1234567890"], ExitCodes.Rejected, "not logged in" },
        { ["history", "1234567890"], ExitCodes.Rejected, "not logged in" },
        { ["accounts"], ExitCodes.Rejected, "not logged in" },
        { ["open-account"], ExitCodes.Rejected, "not logged in" },
        { ["open-account", "--deposit", "abc", "--session", Session], ExitCodes.BadInput, "amount 'abc' is not a decimal number like 12.34" },
        { ["open-account", "--deposit", "2000000000", "--session", Session], ExitCodes.BadInput, "amount '2000000000' exceeds the limit of 1000000000.00 per operation" },
        { ["logout"], ExitCodes.Rejected, "not logged in" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_is_refused_before_the_cluster_is_reached(string[] args, int exitCode, string message)
    {
        var run = await ClientRun.RunWithAsync(null, GoodPassword, [.. args, "--gateway", Nowhere, "--json"]);

        Assert.Equal(exitCode, run.ExitCode);
        var answer = run.SingleJsonObject();
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Contains(message, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(exitCode == ExitCodes.BadInput ? "bad_input" : "not_authorized", answer.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("short", "password must be at least 12 characters")]
    [InlineData("            ", "password must be only whitespace")]
    public async Task A_password_that_breaks_a_rule_is_bad_input_and_never_echoed(string password, string message)
    {
        var run = await ClientRun.RunWithAsync(password + "\n", null, "register", "alice", "--password-stdin", "--gateway", Nowhere);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message.Replace("must be only", "must not be only", StringComparison.Ordinal), run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(password.Trim().Length > 0 ? password : "\u0000", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_of_129_characters_is_bad_input()
    {
        var run = await ClientRun.RunWithAsync(null, new Dictionary<string, string> { ["BANK_PASSWORD"] = new string('p', 129) },
            "register", "alice", "--gateway", Nowhere);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("password must be at most 128 characters", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("register")]
    [InlineData("login")]
    public async Task A_missing_password_is_bad_input_naming_both_ways_to_give_one(string command)
    {
        var run = await ClientRun.RunWithAsync(null, null, command, "alice", "--gateway", Nowhere, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("password required: pass --password-stdin or set BANK_PASSWORD", run.SingleJsonObject().GetProperty("message").GetString());
    }

    [Fact]
    public async Task Password_stdin_with_empty_input_is_bad_input()
    {
        var run = await ClientRun.RunWithAsync("", null, "login", "alice", "--password-stdin", "--gateway", Nowhere);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--password-stdin given but standard input is empty", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_login_against_an_unreachable_cluster_is_one_line_and_exit_4()
    {
        var run = await ClientRun.RunWithAsync("correct horse battery\n", null, "login", "alice", "--password-stdin", "--gateway", Nowhere);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Single(run.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Contains("cannot reach the bank cluster", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse battery", run.StandardError, StringComparison.Ordinal);
    }
}
