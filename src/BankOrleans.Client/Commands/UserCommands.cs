using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BankOrleans.Client.Banking;
using BankOrleans.Client.Cli;
using BankOrleans.Client.Output;
using Spectre.Console;

namespace BankOrleans.Client.Commands;

/// <summary>
/// The commands about the user: <c>register</c>, <c>login</c>, <c>logout</c>, <c>accounts</c>.
/// Passwords come from <c>--password-stdin</c> or <c>BANK_PASSWORD</c>, never from an argument.
/// </summary>
internal static class UserCommands
{
    public static IEnumerable<Command> Create(BankCommandRunner runner)
    {
        yield return Register(runner);
        yield return Login(runner);
        yield return Logout(runner);
        yield return Accounts(runner);
    }

    private static Option<bool> PasswordStdin() =>
        new("--password-stdin") { Description = $"Read the password from the first line of standard input (default: ${PasswordInput.EnvironmentVariable})" };

    private static Command Register(BankCommandRunner runner)
    {
        var user = new Argument<string>("user") { Description = "Username: 3-32 letters, digits, '.', '_' or '-'" };
        var stdin = PasswordStdin();
        var command = new Command("register", "Create a user (password: 12-128 characters) and its first account");
        command.Arguments.Add(user);
        command.Options.Add(stdin);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var name = InputRules.User(parse.GetValue(user));
            var password = InputRules.NewPassword(PasswordInput.Read(parse.GetValue(stdin), context.Options));
            var requestId = InputRules.RequestIdOrNew(context.Settings.RequestId);
            var result = await CommandCalls.WriteAsync(context, requestId, ct, bank => bank.RegisterAsync(name, password, requestId, ct));
            return context.Output.Success(
                new JsonObject { ["user"] = result.User, ["account"] = result.Account },
                console => console.MarkupLine($"registered [bold]{Markup.Escape(result.User)}[/] with account [bold]{result.Account}[/]; next: ./bank login {Markup.Escape(result.User)}"));
        });
        return command;
    }

    private static Command Login(BankCommandRunner runner)
    {
        var user = new Argument<string>("user") { Description = "Username" };
        var stdin = PasswordStdin();
        var command = new Command("login", "Log in; prints the session token to pass as --session or BANK_SESSION");
        command.Arguments.Add(user);
        command.Options.Add(stdin);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            // Any name is sent as it is normalized: an impossible one simply fails like a wrong password.
            var name = (parse.GetValue(user) ?? "").ToLowerInvariant();
            var password = PasswordInput.Read(parse.GetValue(stdin), context.Options);
            var result = await CommandCalls.WithBankAsync(context, ct, bank => bank.LoginAsync(name, password, ct));
            var expires = result.ExpiresAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            return context.Output.Success(
                new JsonObject { ["session"] = result.Session, ["expiresAt"] = result.ExpiresAt.ToString("O", CultureInfo.InvariantCulture) },
                console =>
                {
                    // The token alone on standard output, so that BANK_SESSION=$(./bank login …) works.
                    var writer = console.Profile.Out.Writer;
                    writer.Write(result.Session + "\n");
                    writer.Flush();
                    context.Output.Hint($"logged in as {name} until {expires}; export BANK_SESSION=<the line above>");
                });
        });
        return command;
    }

    private static Command Logout(BankCommandRunner runner)
    {
        var command = new Command("logout", "End every session of the logged-in user");
        runner.BindAction(command, async (context, _, ct) =>
        {
            var session = InputRules.Session(context.Settings.Session);
            await CommandCalls.WithBankAsync(context, ct, async bank =>
            {
                await bank.LogoutAsync(session, ct);
                return true;
            });
            return context.Output.Success(new JsonObject(), console => console.MarkupLine("logged out: every session of this user has ended"));
        });
        return command;
    }

    private static Command Accounts(BankCommandRunner runner)
    {
        var command = new Command("accounts", "List your accounts with their balances");
        runner.BindAction(command, async (context, _, ct) =>
        {
            var session = InputRules.Session(context.Settings.Session);
            var accounts = await CommandCalls.WithBankAsync(context, ct, bank => bank.AccountsAsync(session, ct));
            var array = new JsonArray();
            foreach (var a in accounts)
            {
                array.Add(new JsonObject { ["account"] = a.Account, ["balance"] = new Contracts.Money(a.BalanceCents).ToString(), ["version"] = a.Version });
            }

            return context.Output.Success(new JsonObject { ["accounts"] = array }, console => Render.Accounts(console, accounts));
        });
        return command;
    }
}
