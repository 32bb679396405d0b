using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class AdminVerifyTests
{
    [Fact]
    public void Green_needs_exit_zero_and_ok_true()
    {
        Assert.True(AdminVerify.Interpret(0, """{"ok":true,"message":"3 replicas agree"}""").Green);
        Assert.Equal("red", AdminVerify.Interpret(1, """{"ok":true}""").State);
        Assert.Equal("red", AdminVerify.Interpret(0, """{"ok":false,"error":"diverged","message":"account 1 differs"}""").State);
        Assert.Equal("red", AdminVerify.Interpret(0, "not json").State);
    }

    [Fact]
    public async Task A_missing_client_is_not_available_never_green()
    {
        var status = await AdminVerify.RunAsync("/nonexistent/bank-client.dll", [], CancellationToken.None);

        Assert.Equal("not available", status.State);
    }

    [Fact]
    public async Task A_verify_that_turns_green_within_the_limit_is_green_and_says_how_long_it_took()
    {
        var answers = new Queue<VerifyStatus>([new("red", "exit 6: 1 accounts differ"), new("red", "exit 6: 1 accounts differ"), new("green", "agree")]);

        var status = await AdminVerify.UntilGreenAsync(() => Task.FromResult(answers.Dequeue()), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None);

        Assert.True(status.Green);
        Assert.Contains("first answer: exit 6: 1 accounts differ", status.Detail);
        Assert.Empty(answers);
    }

    [Fact]
    public async Task A_verify_still_red_at_the_limit_is_red()
    {
        var asked = 0;

        var status = await AdminVerify.UntilGreenAsync(
            () => Task.FromResult(new VerifyStatus("red", $"exit 6: answer {++asked}")), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(5), TimeProvider.System, CancellationToken.None);

        Assert.Equal("red", status.State);
        Assert.Equal($"exit 6: answer {asked}", status.Detail);
        Assert.True(asked > 1, "a red verify was not asked again");
    }

    [Fact]
    public async Task A_verify_green_at_once_is_asked_once()
    {
        var asked = 0;

        var status = await AdminVerify.UntilGreenAsync(
            () => Task.FromResult(new VerifyStatus("green", $"answer {++asked}")), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None);

        Assert.Equal(("green", "answer 1", 1), (status.State, status.Detail, asked));
    }
}
