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
}
