using BankOrleans.ClusterTool;

namespace BankOrleans.ClusterControl.Tests;

/// <summary>The cluster commands' arguments, and ./bank's usage messages for wrong ones.</summary>
public sealed class ClusterCommandLineTests
{
    private static readonly string[] Silos = ["master-1", "master-2", "master-3", "reader"];

    [Theory]
    [InlineData("up", ClusterVerb.Up)]
    [InlineData("down", ClusterVerb.Down)]
    [InlineData("status", ClusterVerb.Status)]
    [InlineData("compose-secrets", ClusterVerb.ComposeSecrets)]
    [InlineData("help", ClusterVerb.Help)]
    [InlineData("-h", ClusterVerb.Help)]
    [InlineData("--help", ClusterVerb.Help)]
    [InlineData("client-env", ClusterVerb.ClientEnvironment)]
    public void Commands_without_operands_parse(string word, ClusterVerb verb) =>
        Assert.Equal(verb, ClusterCommandLine.Parse([word], Silos).Verb);

    [Theory]
    [InlineData("kill", ClusterVerb.SiloKill)]
    [InlineData("stop", ClusterVerb.SiloStop)]
    [InlineData("start", ClusterVerb.SiloStart)]
    public void Silo_actions_name_their_silo(string action, ClusterVerb verb)
    {
        var command = ClusterCommandLine.Parse(["silo", action, "reader"], Silos);

        Assert.Equal(verb, command.Verb);
        Assert.Equal(["reader"], command.Arguments);
    }

    [Theory]
    [InlineData(new[] { "up", "now" }, "usage: ./bank up")]
    [InlineData(new[] { "status", "-v" }, "usage: ./bank status")]
    [InlineData(new[] { "silo", "kill" }, "usage: ./bank silo kill|stop|start <name>   (names: master-1 master-2 master-3 reader)")]
    [InlineData(new[] { "silo", "kill", "master-4" }, "unknown silo 'master-4' (known: master-1 master-2 master-3 reader)")]
    [InlineData(new[] { "silo", "pause", "bogus" }, "unknown silo 'bogus' (known: master-1 master-2 master-3 reader)")]
    [InlineData(new[] { "silo", "pause", "reader" }, "unknown silo action 'pause' (kill, stop or start)")]
    [InlineData(new[] { "dashboard-screenshot" }, "usage: ./bank dashboard-screenshot OUT.png")]
    public void Wrong_arguments_are_bad_usage_with_the_scripts_message(string[] args, string message)
    {
        var ex = Assert.Throws<ClusterExitException>(() => ClusterCommandLine.Parse(args, Silos));

        Assert.Equal(2, ex.ExitCode);
        Assert.Equal(message, ex.Reason);
    }

    [Fact]
    public void Bench_arguments_are_passed_on_untouched()
    {
        var command = ClusterCommandLine.Parse(["bench-prepare", "--duration", "5", "--json"], Silos);

        Assert.Equal(ClusterVerb.BenchPrepare, command.Verb);
        Assert.Equal(["--duration", "5", "--json"], command.Arguments);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("/tmp/it's here", "'/tmp/it'\\''s here'")]
    [InlineData("$HOME `x`", "'$HOME `x`'")]
    public void Shell_values_are_single_quoted_words(string value, string quoted) =>
        Assert.Equal(quoted, ShellAssignments.Quote(value));

    [Fact]
    public void Usage_names_the_silos_and_the_stop_timeout()
    {
        var layout = ClusterLayout.Read(RepoRoot.Path, name => name == "BANK_STOP_TIMEOUT" ? "7" : null);

        var text = ClusterUsage.Text(layout);

        Assert.StartsWith("usage: ./bank <command> [arguments]\n\nLocal cluster (3 masters + reader on 127.0.0.1, data in $BANK_DATA_DIR, default ./data):\n", text);
        Assert.Contains("  down                       stop every silo (SIGTERM, then SIGKILL after 7s)\n", text);
        Assert.Contains("                             (NAME: master-1 master-2 master-3 reader)\n", text);
        Assert.EndsWith("Exit codes: 0 ok, 1 error, 2 bad usage, 4 cluster unavailable (see README.md).\n", text);
    }
}
