using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BankOrleans.Client.Banking;
using BankOrleans.Client.Cli;
using BankOrleans.Client.Output;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Client.Commands;

/// <summary>
/// The commands that read or move money: <c>open-account</c>, <c>deposit</c>, <c>withdraw</c>,
/// <c>transfer</c>, <c>balance</c>, <c>history</c>. Every one needs a session (<c>--session</c> or
/// <c>BANK_SESSION</c>). Input is validated here first (exit 2 before any call) and again by the
/// grains, which are the authority and also check the session and ownership.
/// </summary>
internal static class MoneyCommands
{
    public static IEnumerable<Command> Create(BankCommandRunner runner)
    {
        yield return OpenAccount(runner);
        yield return SingleAccount(runner, "deposit", "Pay money into one of your accounts", "deposited",
            (bank, session, account, amount, id, ct) => bank.DepositAsync(session, account, amount, id, ct));
        yield return SingleAccount(runner, "withdraw", "Take money out of one of your accounts", "withdrew",
            (bank, session, account, amount, id, ct) => bank.WithdrawAsync(session, account, amount, id, ct));
        yield return Transfer(runner);
        yield return Balance(runner);
        yield return History(runner);
    }

    private delegate Task<WriteResult> SingleAccountCall(BankService bank, string session, string account, Money amount, string requestId, CancellationToken ct);

    private static Command OpenAccount(BankCommandRunner runner)
    {
        var deposit = new Option<string?>("--deposit") { Description = "Pay this amount in as part of the open, e.g. 100.00 (one write)" };
        var command = new Command("open-account", "Open a new account with balance 0.00, or with --deposit AMOUNT paid in");
        command.Options.Add(deposit);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var money = parse.GetValue(deposit) is { } text ? InputRules.Amount(text) : (Money?)null;
            var session = InputRules.Session(context.Settings.Session);
            var requestId = InputRules.RequestIdOrNew(context.Settings.RequestId);
            var (result, account) = await CommandCalls.WriteAsync(context, requestId, ct, bank => bank.OpenAccountAsync(session, requestId, ct, money));
            return Written(context, result, $"opened account {account}");
        });
        return command;
    }

    private static Command SingleAccount(BankCommandRunner runner, string name, string description, string verb, SingleAccountCall call)
    {
        var account = new Argument<string>("account") { Description = "Account number (10 digits)" };
        var amount = new Argument<string>("amount") { Description = "Amount, e.g. 12.34" };
        var command = new Command(name, description);
        command.Arguments.Add(account);
        command.Arguments.Add(amount);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var number = InputRules.Account(parse.GetValue(account));
            var money = InputRules.Amount(parse.GetValue(amount));
            var session = InputRules.Session(context.Settings.Session);
            var requestId = InputRules.RequestIdOrNew(context.Settings.RequestId);
            var result = await CommandCalls.WriteAsync(context, requestId, ct, bank => call(bank, session, number, money, requestId, ct));
            return Written(context, result, $"{verb} {money}");
        });
        return command;
    }

    private static Command Transfer(BankCommandRunner runner)
    {
        var from = new Argument<string>("from") { Description = "Source account number (yours)" };
        var to = new Argument<string>("to") { Description = "Destination account number" };
        var amount = new Argument<string>("amount") { Description = "Amount, e.g. 12.34" };
        var command = new Command("transfer", "Move money between two accounts, atomically");
        command.Arguments.Add(from);
        command.Arguments.Add(to);
        command.Arguments.Add(amount);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var source = InputRules.Account(parse.GetValue(from));
            var destination = InputRules.Account(parse.GetValue(to));
            if (source == destination)
            {
                throw new ClientErrorException(ClientError.BadInput("source and destination are the same account"));
            }

            var money = InputRules.Amount(parse.GetValue(amount));
            var session = InputRules.Session(context.Settings.Session);
            var requestId = InputRules.RequestIdOrNew(context.Settings.RequestId);
            var result = await CommandCalls.WriteAsync(context, requestId, ct, bank => bank.TransferAsync(session, source, destination, money, requestId, ct));
            return Written(context, result, $"transferred {money} from {source} to {destination}");
        });
        return command;
    }

    private static Command Balance(BankCommandRunner runner)
    {
        var account = new Argument<string>("account") { Description = "Account number (10 digits)" };
        var fresh = new Option<bool>("--fresh") { Description = "Linearizable read from a majority of masters" };
        var minVersion = new Option<long>("--min-version") { Description = "Read-your-writes: the highest version of the account you have seen (from a write's answer)" };
        var command = new Command("balance", "Show one of your accounts' balance");
        command.Arguments.Add(account);
        command.Options.Add(fresh);
        command.Options.Add(minVersion);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var number = InputRules.Account(parse.GetValue(account));
            var session = InputRules.Session(context.Settings.Session);
            // The reader first (bounded), else a majority read on the masters; --fresh goes to the masters.
            var view = await context.WithFailoverAsync(
                (cluster, token) => ReaderFirstReads.BalanceAsync(cluster.Client, session, number, parse.GetValue(fresh), parse.GetValue(minVersion), token),
                requestId: null,
                ct);
            var json = new JsonObject
            {
                ["account"] = view.Account,
                ["balance"] = new Money(view.BalanceCents).ToString(),
                ["version"] = view.Version,
                ["servedBy"] = view.ServedBy,
            };
            return context.Output.Success(json, console => Render.Balance(console, view));
        });
        return command;
    }

    private static Command History(BankCommandRunner runner)
    {
        var account = new Argument<string>("account") { Description = "Account number (10 digits)" };
        var limit = new Option<int>("--limit") { Description = $"At most this many rows, newest first (1-{Statement.MaxLimit})", DefaultValueFactory = _ => 20 };
        var command = new Command("history", "Show one of your accounts' statement: time, kind, counterparty, amount, balance after");
        command.Arguments.Add(account);
        command.Options.Add(limit);
        runner.BindAction(command, async (context, parse, ct) =>
        {
            var number = InputRules.Account(parse.GetValue(account));
            var rows = InputRules.Limit(parse.GetValue(limit));
            var session = InputRules.Session(context.Settings.Session);
            var statement = await context.WithFailoverAsync(
                (cluster, token) => ReaderFirstReads.HistoryAsync(cluster.Client, session, number, rows, token),
                requestId: null,
                ct);
            var lines = new JsonArray();
            foreach (var line in statement.Lines)
            {
                lines.Add(new JsonObject
                {
                    ["at"] = line.At.ToString("O", CultureInfo.InvariantCulture),
                    ["kind"] = line.Kind,
                    ["counterparty"] = line.Counterparty,
                    ["amount"] = Render.Signed(line.AmountCents),
                    ["balanceAfter"] = new Money(line.BalanceAfterCents).ToString(),
                    ["version"] = line.Version,
                    ["txId"] = line.TxId,
                });
            }

            var json = new JsonObject
            {
                ["account"] = statement.Account,
                ["balance"] = new Money(statement.BalanceCents).ToString(),
                ["version"] = statement.Version,
                ["entries"] = lines,
                ["servedBy"] = statement.ServedBy,
            };
            return context.Output.Success(json, console => Render.History(console, statement));
        });
        return command;
    }

    private static int Written(CommandContext context, WriteResult result, string summary)
    {
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

        return context.Output.Success(json, console => Render.Written(console, result, summary));
    }
}
