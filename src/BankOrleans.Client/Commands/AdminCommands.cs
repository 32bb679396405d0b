using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BankOrleans.Client.Cli;
using BankOrleans.Topology;
using Orleans.Runtime;
using Spectre.Console;

namespace BankOrleans.Client.Commands;

/// <summary>
/// The <c>admin</c> command group: operator views of the cluster. <c>admin status</c> lists the
/// silos; <c>admin verify</c> compares every account across the masters and the reader;
/// <c>admin replicas ACCOUNT</c> shows what each replica holds of one account.
/// </summary>
internal static class AdminCommands
{
    public static Command Create(BankCommandRunner runner)
    {
        var admin = new Command("admin", "Operator commands: the state of the cluster");
        admin.Subcommands.Add(CreateStatus(runner));
        admin.Subcommands.Add(ReplicaCommands.CreateVerify(runner));
        admin.Subcommands.Add(ReplicaCommands.CreateReplicas(runner));
        return admin;
    }

    private static Command CreateStatus(BankCommandRunner runner)
    {
        var all = new Option<bool>("--all")
        {
            Description = "Also list earlier incarnations of restarted silos (by default only the newest per name)",
        };
        var status = new Command("status", "List every silo the cluster knows: name, role, status, addresses");
        status.Options.Add(all);
        runner.BindAction(status, (context, parseResult, cancellationToken) =>
            StatusAsync(context, parseResult.GetValue(all), cancellationToken));
        return status;
    }

    private static async Task<int> StatusAsync(CommandContext context, bool includeEarlier, CancellationToken cancellationToken)
    {
        MembershipEntry[] entries;
        await using (var cluster = await context.ConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            try
            {
                entries = await management.GetDetailedHosts(onlyActive: false)
                    .WaitAsync(cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException)
            {
                throw new ClientErrorException(
                    ClientError.Unavailable($"the cluster did not answer the status query: {exception.Message}"),
                    exception);
            }
        }

        var silos = SiloView.From(entries, includeEarlier);
        return context.Output.Success(ToJson(silos), console => Render(console, silos));
    }

    private static JsonObject ToJson(IReadOnlyList<SiloView> silos)
    {
        var array = new JsonArray();
        foreach (var silo in silos)
        {
            array.Add(new JsonObject
            {
                ["name"] = silo.Name,
                ["role"] = silo.Role,
                ["status"] = silo.Status,
                ["address"] = silo.Address,
                ["generation"] = silo.Generation,
                ["gateway"] = silo.Gateway,
                ["startedAt"] = silo.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                ["lastAliveAt"] = silo.LastAliveAt?.ToString("O", CultureInfo.InvariantCulture),
            });
        }

        return new JsonObject
        {
            ["active"] = silos.Count(silo => silo.Status == nameof(SiloStatus.Active)),
            ["silos"] = array,
        };
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<SiloView> silos)
    {
        // Borderless so that the table fits 80 columns (the width assumed when output is piped).
        var table = new Table()
            .Border(TableBorder.None)
            .AddColumn("silo")
            .AddColumn("role")
            .AddColumn("status")
            .AddColumn("address")
            .AddColumn("gateway")
            .AddColumn("started (UTC)");
        table.Columns[0].PadLeft(0);
        foreach (var silo in silos)
        {
            var colour = silo.Status switch
            {
                nameof(SiloStatus.Active) => "green",
                nameof(SiloStatus.Dead) => "red",
                _ => "yellow",
            };
            table.AddRow(
                Markup.Escape(silo.Name),
                Markup.Escape(silo.Role),
                $"[{colour}]{Markup.Escape(silo.Status)}[/]",
                Markup.Escape(silo.Address),
                Markup.Escape(silo.Gateway ?? "-"),
                silo.StartedAt.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var active = silos.Count(silo => silo.Status == nameof(SiloStatus.Active));
        console.MarkupLine($"{active} of {silos.Count} silos active");
    }

    /// <summary>One row of <c>admin status</c>: a silo incarnation as the membership table records it.</summary>
    private sealed record SiloView(
        string Name,
        string Role,
        string Status,
        string Address,
        int Generation,
        string? Gateway,
        DateTime StartedAt,
        DateTime? LastAliveAt)
    {
        public static IReadOnlyList<SiloView> From(IEnumerable<MembershipEntry> entries, bool includeEarlier)
        {
            var views = entries
                .Select(FromEntry)
                .OrderBy(view => view.Name, StringComparer.Ordinal)
                .ThenByDescending(view => view.Generation);
            return includeEarlier
                ? [.. views]
                : [.. views.GroupBy(view => view.Name, StringComparer.Ordinal).Select(group => group.First())];
        }

        private static SiloView FromEntry(MembershipEntry entry)
        {
            var endpoint = entry.SiloAddress.Endpoint;
            var name = string.IsNullOrEmpty(entry.SiloName) ? endpoint.ToString() : entry.SiloName;
            return new SiloView(
                name,
                BankTopology.Local.RoleOf(entry.SiloName),
                entry.Status.ToString(),
                endpoint.ToString(),
                entry.SiloAddress.Generation,
                entry.ProxyPort > 0 ? $"{endpoint.Address}:{entry.ProxyPort}" : null,
                DateTime.SpecifyKind(entry.StartTime, DateTimeKind.Utc),
                entry.IAmAliveTime == default ? null : DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc));
        }
    }
}
