namespace BankOrleans.ClusterControl.Tests;

/// <summary>The text of ./bank status, byte for byte as the script printed it, and the parts it is made from.</summary>
public sealed class StatusReportTests
{
    [Fact]
    public void Status_of_a_stopped_cluster_is_the_scripts_text()
    {
        var layout = ClusterLayout.Read(RepoRoot.Path, name => name == "BANK_DATA_DIR" ? "/tmp/d" : null);
        var rows = layout.Silos.Select(s => new SiloStatusRow(s.Name, s.Role, "stopped", "-", "-", "-"));

        var text = StatusReport.Format(rows, layout, dashboardRunning: false);

        Assert.Equal(
            "SILO       ROLE     PROCESS   PID      HEALTH     CLUSTER\n" +
            "master-1   master   stopped   -        -          -\n" +
            "master-2   master   stopped   -        -          -\n" +
            "master-3   master   stopped   -        -          -\n" +
            "reader     reader   stopped   -        -          -\n" +
            "\n" +
            "dashboard: http://127.0.0.1:8080/dashboard/  (master-1 is not running)\n" +
            "health:    http://127.0.0.1:<port>/health/live|ready  (ports master-1=9101 master-2=9102 master-3=9103 reader=9104)\n",
            text);
    }

    [Fact]
    public void Running_rows_and_dashboard_line_follow_the_offset()
    {
        var layout = ClusterLayout.Read(RepoRoot.Path, name => name switch { "BANK_DATA_DIR" => "/tmp/d", "BANK_PORT_OFFSET" => "300", _ => null });
        SiloStatusRow[] rows = [new("master-1", "master", "running", "123456", "not-ready", "(no answer)")];

        var text = StatusReport.Format(rows, layout, dashboardRunning: true);

        Assert.StartsWith(
            "SILO       ROLE     PROCESS   PID      HEALTH     CLUSTER\n" +
            "master-1   master   running   123456   not-ready  (no answer)\n" +
            "\n" +
            "dashboard: http://127.0.0.1:8380/dashboard/  (on master-1; password: the operator token in /tmp/d/secrets/operator-token)\n" +
            "health:    http://127.0.0.1:<port>/health/live|ready  (ports master-1=9401 ",
            text);
    }

    [Theory]
    [InlineData("Active", true, false, "Active")]
    [InlineData("", true, true, "(no answer)")]
    [InlineData("", true, false, "-")]
    [InlineData("", false, true, "-")]
    public void Cluster_column_says_no_answer_only_when_a_silo_runs_and_the_cluster_said_nothing(string view, bool anyRunning, bool viewEmpty, string expected) =>
        Assert.Equal(expected, StatusReport.ClusterColumn(view, anyRunning, viewEmpty));

    [Fact]
    public void Cluster_view_reads_name_and_status_from_the_clients_compact_json()
    {
        const string Json = """{"ok":true,"active":1,"silos":[{"name":"master-1","role":"master","status":"Active","address":"x"},{"name":"reader","role":"reader","status":"Dead","address":"y"}]}""";

        var view = ClusterView.Parse(Json);

        Assert.Equal([("master-1", "Active"), ("reader", "Dead")], view);
        Assert.Equal("Dead", ClusterView.StatusOf(view, "reader"));
        Assert.Equal("", ClusterView.StatusOf(view, "master-2"));
        Assert.Empty(ClusterView.Parse(""));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", "200", "ready")]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\n", "503", "not-ready")]
    [InlineData("", "", "(no answer)")]
    public void Readiness_is_the_status_code_of_the_first_line(string response, string code, string shown)
    {
        Assert.Equal(code, HealthProbe.ParseStatusLine(response));
        Assert.Equal(shown, HealthProbe.Describe(code));
    }
}
