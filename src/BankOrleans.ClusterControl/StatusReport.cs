using System.Globalization;
using System.Text;

namespace BankOrleans.ClusterControl;

/// <summary>The text of <c>./bank status</c>: a table of the silos, then where the dashboard and the health endpoints are.</summary>
public static class StatusReport
{
    /// <summary>Formats the report exactly as the command prints it.</summary>
    /// <param name="rows">The silos, in topology order.</param>
    /// <param name="layout">The cluster (dashboard URL, secrets directory, health ports).</param>
    /// <param name="dashboardRunning">Whether the dashboard's silo is running.</param>
    public static string Format(IEnumerable<SiloStatusRow> rows, ClusterLayout layout, bool dashboardRunning)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(layout);
        var text = new StringBuilder();
        Row(text, "SILO", "ROLE", "PROCESS", "PID", "HEALTH", "CLUSTER");
        foreach (var row in rows)
        {
            Row(text, row.Silo, row.Role, row.Process, row.Pid, row.Health, row.Cluster);
        }

        text.Append(CultureInfo.InvariantCulture, $"\ndashboard: {layout.DashboardUrl}");
        text.Append(dashboardRunning
            ? $"  (on {layout.DashboardSilo.Name}; password: the operator token in {layout.SecretsDir}/operator-token)\n"
            : $"  ({layout.DashboardSilo.Name} is not running)\n");
        var ports = string.Join(' ', layout.Silos.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name}={s.HealthPort}")));
        text.Append(CultureInfo.InvariantCulture, $"health:    http://127.0.0.1:<port>/health/live|ready  (ports {ports})\n");
        return text.ToString();
    }

    /// <summary>
    /// The CLUSTER column: the cluster's view of the silo; <c>(no answer)</c> when some silo runs but
    /// the cluster said nothing at all; <c>-</c> otherwise.
    /// </summary>
    public static string ClusterColumn(string viewStatus, bool anyRunning, bool viewEmpty) =>
        viewStatus.Length > 0 ? viewStatus : anyRunning && viewEmpty ? "(no answer)" : "-";

    // printf '%-10s %-8s %-9s %-8s %-10s %s\n'
    private static void Row(StringBuilder text, string silo, string role, string process, string pid, string health, string cluster) =>
        text.Append(CultureInfo.InvariantCulture, $"{silo,-10} {role,-8} {process,-9} {pid,-8} {health,-10} {cluster}\n");
}
