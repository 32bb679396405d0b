using System.Globalization;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using Spectre.Console;

namespace BankOrleans.Client.Output;

/// <summary>How results look for people, the same in scripted commands and in the interactive console.</summary>
public static class Render
{
    /// <summary>The caller's accounts as a table.</summary>
    public static void Accounts(IAnsiConsole console, IReadOnlyList<AccountBalance> accounts)
    {
        if (accounts.Count == 0)
        {
            console.MarkupLine("no accounts");
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("account").AddColumn(new TableColumn("balance").RightAligned());
        foreach (var a in accounts)
        {
            table.AddRow(a.Account, new Money(a.BalanceCents).ToString());
        }

        console.Write(table);
    }

    /// <summary>A write's answer: a summary line and each touched account's new balance.</summary>
    public static void Written(IAnsiConsole console, WriteResult result, string summary)
    {
        console.MarkupLine(Markup.Escape(summary));
        foreach (var a in result.Accounts)
        {
            console.MarkupLine($"  account {a.Account}: balance [bold]{new Money(a.BalanceCents)}[/] (version {a.Version})");
        }
    }

    /// <summary>A balance.</summary>
    public static void Balance(IAnsiConsole console, BalanceView view) =>
        console.MarkupLine($"account {view.Account}: [bold]{new Money(view.BalanceCents)}[/] (version {view.Version}, served by {Markup.Escape(view.ServedBy)})");

    /// <summary>A statement, newest first.</summary>
    public static void History(IAnsiConsole console, Statement statement)
    {
        console.MarkupLine($"account {statement.Account}: balance [bold]{new Money(statement.BalanceCents)}[/] (version {statement.Version})");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("time (UTC)").AddColumn("kind").AddColumn("counterparty")
            .AddColumn(new TableColumn("amount").RightAligned()).AddColumn(new TableColumn("balance after").RightAligned());
        foreach (var line in statement.Lines)
        {
            table.AddRow(
                line.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                line.Kind,
                line.Counterparty ?? "",
                Signed(line.AmountCents),
                new Money(line.BalanceAfterCents).ToString());
        }

        console.Write(table);
    }

    /// <summary>A signed amount: "+12.34", "-5.00", "0.00".</summary>
    public static string Signed(long cents) => cents > 0 ? "+" + new Money(cents) : new Money(cents).ToString();
}
