using BankOrleans.Client.Cli;
using BankOrleans.Client.Interactive;
using BankOrleans.Contracts.Users;
using Spectre.Console.Testing;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>The interactive console end to end on the in-process cluster, driven through Spectre's test console.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class InteractiveConsoleTests(BankClusterFixture fixture)
{
    private sealed class NoLifetime : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(Action<TestConsoleInput> script)
    {
        using var console = new TestConsole().Interactive().Width(200);
        script(console.Input);
        var interactive = new InteractiveConsole(console, new BankClientOptions { HandleTerminationSignals = false },
            _ => Task.FromResult<(IClusterClient, IAsyncDisposable)>((fixture.Client, new NoLifetime())));
        var exit = await interactive.RunAsync(CancellationToken.None);
        return (exit, console.Output);
    }

    private static void Choose(TestConsoleInput input, int downs)
    {
        for (var i = 0; i < downs; i++)
        {
            input.PushKey(ConsoleKey.DownArrow);
        }

        input.PushKey(ConsoleKey.Enter);
    }

    [Fact]
    public async Task Registration_prompts_re_ask_until_each_rule_holds_then_the_new_user_is_logged_in()
    {
        var user = $"tui-{Guid.NewGuid():N}"[..16];
        var (exit, output) = await RunAsync(input =>
        {
            Choose(input, 1);                                  // Register
            input.PushTextWithEnter("x");                      // too short: asked again
            input.PushTextWithEnter(user);
            input.PushTextWithEnter("short");                  // too short: asked again
            input.PushTextWithEnter("interactive password");
            input.PushTextWithEnter("something else!!");       // differs: asked again
            input.PushTextWithEnter("interactive password");
            Choose(input, 0);                                  // Accounts
            Choose(input, 7);                                  // Log out
            Choose(input, 2);                                  // Quit
        });

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("username must be at least 3 characters", output, StringComparison.Ordinal);
        Assert.Contains("password must be at least 12 characters", output, StringComparison.Ordinal);
        Assert.Contains("the passwords differ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("interactive password", output, StringComparison.Ordinal);
        Assert.Contains($"registered {user} with account", output, StringComparison.Ordinal);
        Assert.Contains($"welcome, {user}", output, StringComparison.Ordinal);
        Assert.Contains("0.00", output, StringComparison.Ordinal);
        Assert.Contains("logged out", output, StringComparison.Ordinal);
        Assert.EndsWith("bye\n", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var login = await fixture.Client.GetGrain<IUserGrain>(user).Login("interactive password");
        Assert.True(login.Ok, login.Message);
    }

    [Fact]
    public async Task A_logged_in_user_deposits_and_withdraws_with_validated_prompts_and_red_errors()
    {
        var alice = await Customer.RegisterAsync(fixture.Client, "alice");
        var (exit, output) = await RunAsync(input =>
        {
            Choose(input, 0);                                  // Log in
            input.PushTextWithEnter(alice.User);
            input.PushTextWithEnter("wrong password!!");       // bad credentials, back to the first menu
            Choose(input, 0);                                  // Log in again
            input.PushTextWithEnter(alice.User);
            input.PushTextWithEnter(alice.Password);
            Choose(input, 2);                                  // Deposit
            input.PushTextWithEnter("12345");                  // not an account number: asked again
            input.PushTextWithEnter(alice.FirstAccount);
            input.PushTextWithEnter("1.234");                  // 3 decimals: asked again
            input.PushTextWithEnter("12.34");
            Choose(input, 3);                                  // Withdraw beyond the balance
            input.PushTextWithEnter(alice.FirstAccount);
            input.PushTextWithEnter("100");
            Choose(input, 0);                                  // Accounts
            Choose(input, 6);                                  // History
            input.PushTextWithEnter(alice.FirstAccount);
            Choose(input, 7);                                  // Log out
            Choose(input, 2);                                  // Quit
        });

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("error: bad credentials: wrong username or password", output, StringComparison.Ordinal);
        Assert.Contains($"welcome, {alice.User}", output, StringComparison.Ordinal);
        Assert.Contains("'12345' is not an account number (10 digits)", output, StringComparison.Ordinal);
        Assert.Contains("amount '1.234' has more than 2 decimal places", output, StringComparison.Ordinal);
        Assert.Contains("deposited 12.34", output, StringComparison.Ordinal);
        Assert.Contains("error: insufficient funds", output, StringComparison.Ordinal);
        Assert.Contains("+12.34", output, StringComparison.Ordinal);
        // The menu's logout ended the old session; a new one reads the balance the menu left.
        var session = (await fixture.Client.GetGrain<IUserGrain>(alice.User).Login(alice.Password)).Session;
        var balance = await fixture.Client.GetGrain<BankOrleans.Contracts.Accounts.IAccountGrain>(alice.FirstAccount).ReadBalance(session);
        Assert.Equal((true, 12_34L), (balance.Ok, balance.BalanceCents));
    }
}
