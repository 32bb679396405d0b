using System.CommandLine;
using System.Text.Json.Nodes;
using BankOrleans.Client.Cli;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using Spectre.Console;

namespace BankOrleans.Client.Commands;

/// <summary>
/// <c>admin verify</c> and <c>admin replicas ACCOUNT</c> (part of the <c>admin</c> group): the
/// operator's views of the replicas, through the audit grain on a master. Both need the operator
/// credential (<see cref="OperatorCredential"/>).
/// </summary>
internal static class ReplicaCommands
{
    /// <summary>Exit code of <c>admin verify</c> when replicas differ or the reader is behind.</summary>
    public const int ReplicasDiffer = 6;

    private const string DifferCode = "replicas_differ";

    public static Command CreateVerify(BankCommandRunner runner)
    {
        var verify = new Command(
            "verify",
            $"Compare every account across the 3 masters and the reader; exit 0 only when the masters agree and the reader has caught up (else exit {ReplicasDiffer}, or 4 if a replica is down)");
        var full = new Option<bool>("--full")
        {
            Description = "Read every account's digest and its own ledger row instead of only the ranges whose summaries differ (slow at a million accounts)",
        };
        verify.Options.Add(full);
        runner.BindAction(verify, async (context, parseResult, ct) =>
        {
            var token = OperatorCredential.Require();
            var everyPage = parseResult.GetValue(full);
            var walk = await CallAsync(context, ct, cluster =>
            {
                // Part by part: each call stays within the response timeout at a million accounts.
                var audit = cluster.GetGrain<IReplicaAuditGrain>(0);
                Func<string, Task<VerifyReport>> part = everyPage ? from => audit.VerifyPart(from, token) : from => audit.VerifyChanged(from, token);
                return new VerifyWalk(part, (delay, cancel) => Task.Delay(delay, cancel)).RunAsync(ct);
            });
            var report = walk.Report;
            var good = report.MastersAgree && report.ReaderCaughtUp;
            var json = new JsonObject
            {
                ["mastersAgree"] = report.MastersAgree,
                ["readerCaughtUp"] = report.ReaderCaughtUp,
                ["accounts"] = report.AccountsCompared,
                ["notServing"] = new JsonArray([.. report.Unreachable.Select(r => (JsonNode?)JsonValue.Create(r))]),
                ["catchingUp"] = new JsonArray([.. report.CatchingUp.Select(r => (JsonNode?)JsonValue.Create(r))]),
                ["differing"] = new JsonArray([.. report.Differing.Select(c => (JsonNode?)ToJson(c))]),
                ["waitedForCatchUp"] = new JsonArray([.. walk.WaitedForCatchUp.Select(r => (JsonNode?)JsonValue.Create(r))]),
                ["waitedSec"] = walk.CatchUpWaited.TotalSeconds,
                ["partsRetried"] = walk.PartsRetried,
                ["partsRechecked"] = walk.PartsRechecked,
            };
            if (!good)
            {
                var down = report.Unreachable.Count > 0;
                json["ok"] = false;
                json["error"] = down ? ErrorCodes.Unavailable : DifferCode;
                json["message"] = down
                    ? $"not serving: {NotServing(report)}; {report.Differing.Count} accounts differ"
                    : $"{report.Differing.Count} accounts differ";
            }

            context.Output.Success(json, console => RenderVerify(console, walk));
            return good ? ExitCodes.Ok : report.Unreachable.Count > 0 ? ExitCodes.Unavailable : ReplicasDiffer;
        });
        return verify;
    }

    public static Command CreateReplicas(BankCommandRunner runner)
    {
        var account = new Argument<string>("account") { Description = "Account number (10 digits)" };
        var replicas = new Command("replicas", "Show each replica's version, balance, chain head and frozen flag for one account");
        replicas.Arguments.Add(account);
        runner.BindAction(replicas, async (context, parse, ct) =>
        {
            var number = parse.GetValue(account);
            if (!BankOrleans.Contracts.Accounts.AccountNumber.IsValid(number))
            {
                throw new ClientErrorException(ClientError.BadInput($"'{number}' is not an account number (10 digits)"));
            }

            var token = OperatorCredential.Require();
            var comparison = await CallAsync(context, ct, cluster => cluster.GetGrain<IReplicaAuditGrain>(0).Inspect(number!, token));
            return context.Output.Success(ToJson(comparison), console => RenderReplicas(console, comparison));
        });
        return replicas;
    }

    private static async Task<T> CallAsync<T>(CommandContext context, CancellationToken ct, Func<IClusterClient, Task<T>> call)
    {
        await using var cluster = await context.ConnectAsync(ct).ConfigureAwait(false);
        try
        {
            return await call(cluster.Client).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ClientErrorException(ClientError.FromServer(ErrorCodes.NotAuthorized, exception.Message), exception);
        }
        catch (Exception exception) when (exception is TimeoutException or Orleans.Runtime.OrleansException)
        {
            throw new ClientErrorException(ClientError.Unavailable($"the cluster could not compare the replicas: {exception.Message}"), exception);
        }
    }

    private static JsonObject ToJson(AccountComparison comparison)
    {
        var replicas = new JsonArray();
        foreach (var r in comparison.Replicas)
        {
            var d = r.Digest;
            replicas.Add(new JsonObject
            {
                ["replica"] = r.Replica,
                ["reachable"] = r.Reachable,
                ["ready"] = r.Ready,
                ["version"] = d?.Version ?? 0,
                ["balance"] = new Money(d?.BalanceCents ?? 0).ToString(),
                ["head"] = d?.Head ?? "",
                ["frozen"] = d?.Frozen ?? false,
                ["intact"] = d?.Intact ?? true,
            });
        }

        return new JsonObject
        {
            ["account"] = comparison.Account,
            ["verdict"] = comparison.Verdict.ToString(),
            ["detail"] = comparison.Detail,
            ["replicas"] = replicas,
        };
    }

    // "master-2 (catching up), reader": which replicas did not serve, and which of them answered.
    private static string NotServing(VerifyReport report) =>
        string.Join(", ", report.Unreachable.Select(r => report.CatchingUp.Contains(r, StringComparer.Ordinal) ? r + " (catching up)" : r));

    private static void RenderVerify(IAnsiConsole console, VerifyWalkResult walk)
    {
        var report = walk.Report;
        if (walk.WaitedForCatchUp.Count > 0)
        {
            console.MarkupLine($"waited {walk.CatchUpWaited.TotalSeconds:0} s for {Markup.Escape(string.Join(", ", walk.WaitedForCatchUp))} to catch up");
        }

        if (walk.PartsRetried > 0)
        {
            console.MarkupLine($"asked again after a failed call: {walk.PartsRetried} time(s)");
        }

        foreach (var c in report.Differing)
        {
            console.MarkupLine($"{c.Account}: [yellow]{Markup.Escape(c.Verdict.ToString())}[/] {Markup.Escape(c.Detail)}");
        }

        if (report.Unreachable.Count > 0)
        {
            console.MarkupLine($"[red]not serving:[/] {Markup.Escape(NotServing(report))}");
        }

        var masters = report.MastersAgree ? "[green]masters agree[/]" : "[red]masters do not agree[/]";
        var reader = report.ReaderCaughtUp ? "[green]reader caught up[/]" : "[red]reader behind[/]";
        console.MarkupLine($"{report.AccountsCompared} accounts compared: {masters}, {reader}");
    }

    private static void RenderReplicas(IAnsiConsole console, AccountComparison comparison)
    {
        var table = new Table().Border(TableBorder.None)
            .AddColumn("replica").AddColumn("version").AddColumn("balance").AddColumn("head").AddColumn("frozen").AddColumn("intact");
        table.Columns[0].PadLeft(0);
        foreach (var r in comparison.Replicas)
        {
            if (!r.Reachable)
            {
                table.AddRow(Markup.Escape(r.Replica), "[red]down[/]", "-", "-", "-", "-");
                continue;
            }

            var d = r.Digest ?? new ReplicaDigest(comparison.Account, 0, 0, "", false, true);
            table.AddRow(
                Markup.Escape(r.Replica) + (r.Ready ? "" : " (catching up)"),
                d.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Money(d.BalanceCents).ToString(),
                d.Head.Length > 12 ? d.Head[..12] : d.Head,
                d.Frozen ? "[red]yes[/]" : "no",
                d.Intact ? "yes" : "[red]NO[/]");
        }

        console.Write(table);
        console.MarkupLine($"{Markup.Escape(comparison.Account)}: {Markup.Escape(comparison.Verdict.ToString())} — {Markup.Escape(comparison.Detail)}");
    }
}
