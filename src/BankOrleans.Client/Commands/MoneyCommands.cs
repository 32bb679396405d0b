using System.CommandLine;
using System.Text.Json.Nodes;
using BankOrleans.Client.Cli;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using Spectre.Console;

namespace BankOrleans.Client.Commands;

/// <summary>
/// The commands that read or move money: <c>open-account</c>, <c>deposit</c>, <c>withdraw</c>,
/// <c>transfer</c>, <c>balance</c>. Input is validated here first (exit 2 before any call) and
/// again by the grains, which are the authority.
/// </summary>
internal static class MoneyCommands
{
    public static IEnumerable<Command> Create(BankCommandRunner runner)
    {
        yield return OpenAccount(runner);
        yield return SingleAccount(runner, "deposit", "Pay money into an account", (grain, id, cents) => grain.Deposit(id, cents, null));
        yield return SingleAccount(runner, "withdraw", "Take money out of an account", (grain, id, cents) => grain.Withdraw(id, cents, null));
        yield return Transfer(runner);
        yield return Balance(runner);
    }

    private static Command OpenAccount(BankCommandRunner runner)
    {
        // Operator path until sessions exist (issue "Customers" replaces it with the session's user).
        var owner = new Option<string>("--owner") { Description = "Owner of the new account (operator path)", DefaultValueFactory = _ => "operator" };
        var command = new Command("open-account", "Open a new account with balance 0.00");
        command.Options.Add(owner);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var requestId = RequestIdOf(context);
            var account = AccountNumber.ForRequest(requestId);
            var result = await CallAsync(context, ct, cluster =>
                cluster.GetGrain<IAccountGrain>(account).Open(requestId, parse.GetValue(owner)!, null));
            return Written(context, result, $"opened account {account}");
        });
        return command;
    }

    private static Command SingleAccount(
        BankCommandRunner runner, string name, string description, Func<IAccountGrain, string, long, Task<WriteResult>> call)
    {
        var account = new Argument<string>("account") { Description = "Account number (10 digits)" };
        var amount = new Argument<string>("amount") { Description = "Amount, e.g. 12.34" };
        var command = new Command(name, description);
        command.Arguments.Add(account);
        command.Arguments.Add(amount);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var number = ValidAccount(parse.GetValue(account));
            var money = ValidAmount(parse.GetValue(amount));
            var requestId = RequestIdOf(context);
            var result = await CallAsync(context, ct, cluster => call(cluster.GetGrain<IAccountGrain>(number), requestId, money.Cents));
            return Written(context, result, $"{name} of {money} done");
        });
        return command;
    }

    private static Command Transfer(BankCommandRunner runner)
    {
        var from = new Argument<string>("from") { Description = "Source account number" };
        var to = new Argument<string>("to") { Description = "Destination account number" };
        var amount = new Argument<string>("amount") { Description = "Amount, e.g. 12.34" };
        var command = new Command("transfer", "Move money between two accounts, atomically");
        command.Arguments.Add(from);
        command.Arguments.Add(to);
        command.Arguments.Add(amount);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var source = ValidAccount(parse.GetValue(from));
            var destination = ValidAccount(parse.GetValue(to));
            if (source == destination)
            {
                throw new ClientErrorException(ClientError.BadInput("source and destination are the same account"));
            }

            var money = ValidAmount(parse.GetValue(amount));
            var requestId = RequestIdOf(context);
            var result = await CallAsync(context, ct, cluster =>
                cluster.GetGrain<IAccountGrain>(source).Transfer(requestId, destination, money.Cents, null));
            return Written(context, result, $"transferred {money} from {source} to {destination}");
        });
        return command;
    }

    private static Command Balance(BankCommandRunner runner)
    {
        var account = new Argument<string>("account") { Description = "Account number (10 digits)" };
        var fresh = new Option<bool>("--fresh") { Description = "Linearizable read from a majority of masters" };
        var command = new Command("balance", "Show an account's balance");
        command.Arguments.Add(account);
        command.Options.Add(fresh);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var number = ValidAccount(parse.GetValue(account));
            var view = await CallAsync(context, ct, cluster => cluster.GetGrain<IAccountGrain>(number).ReadBalance(null));
            if (!view.Ok)
            {
                throw new ClientErrorException(ClientError.FromServer(view.Error ?? ErrorCodes.Unavailable, view.Message));
            }

            var json = new JsonObject
            {
                ["account"] = view.Account,
                ["balance"] = new Money(view.BalanceCents).ToString(),
                ["version"] = view.Version,
                ["servedBy"] = view.ServedBy,
            };
            return context.Output.Success(json, console =>
                console.MarkupLine($"account {view.Account}: [bold]{new Money(view.BalanceCents)}[/] (version {view.Version}, served by {Markup.Escape(view.ServedBy)})"));
        });
        return command;
    }

    private static int Written(CommandContext context, WriteResult result, string summary)
    {
        if (!result.Ok)
        {
            var message = result.Error == ErrorCodes.OutcomeUnknown
                ? $"{result.Message} (request id {result.TxId})"
                : result.Message;
            throw new ClientErrorException(ClientError.FromServer(result.Error ?? ErrorCodes.Unavailable, message));
        }

        var accounts = new JsonArray();
        foreach (var a in result.Accounts)
        {
            accounts.Add(new JsonObject { ["account"] = a.Account, ["balance"] = new Money(a.BalanceCents).ToString(), ["version"] = a.Version });
        }

        var json = new JsonObject { ["txId"] = result.TxId, ["accounts"] = accounts, ["servedBy"] = result.ServedBy };
        if (result.Accounts.Count == 1)
        {
            json["account"] = result.Accounts[0].Account;
            json["balance"] = new Money(result.Accounts[0].BalanceCents).ToString();
            json["version"] = result.Accounts[0].Version;
        }

        return context.Output.Success(json, console =>
        {
            console.MarkupLine(Markup.Escape(summary));
            foreach (var a in result.Accounts)
            {
                console.MarkupLine($"  account {a.Account}: balance [bold]{new Money(a.BalanceCents)}[/] (version {a.Version})");
            }
        });
    }

    private static async Task<T> CallAsync<T>(CommandContext context, CancellationToken ct, Func<IClusterClient, Task<T>> call)
    {
        await using var cluster = await context.ConnectAsync(ct).ConfigureAwait(false);
        try
        {
            return await call(cluster.Client).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            // The request reached the cluster and no answer came back: it may have been applied.
            throw new ClientErrorException(ClientError.FromServer(
                ErrorCodes.OutcomeUnknown, $"no answer in time ({exception.Message}); retry with the same --request-id"), exception);
        }
        catch (Orleans.Runtime.OrleansException exception)
        {
            throw new ClientErrorException(ClientError.Unavailable($"the cluster could not serve the request: {exception.Message}"), exception);
        }
    }

    private static string RequestIdOf(CommandContext context)
    {
        var id = context.Settings.RequestId ?? RequestId.New();
        return RequestId.IsValid(id)
            ? id
            : throw new ClientErrorException(ClientError.BadInput("--request-id must be 1-64 letters, digits or -_.:"));
    }

    private static string ValidAccount(string? text) =>
        AccountNumber.IsValid(text)
            ? text!
            : throw new ClientErrorException(ClientError.BadInput($"'{text}' is not an account number (10 digits)"));

    private static Money ValidAmount(string? text) =>
        Money.TryParseAmount(text, out var money, out var error)
            ? money
            : throw new ClientErrorException(ClientError.BadInput(error));
}
