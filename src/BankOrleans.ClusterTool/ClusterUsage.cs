using BankOrleans.ClusterControl;

namespace BankOrleans.ClusterTool;

/// <summary>The text of <c>./bank help</c> before the client's own commands.</summary>
internal static class ClusterUsage
{
    public static string Text(ClusterLayout layout) => $$"""
        usage: ./bank <command> [arguments]

        Local cluster (3 masters + reader on 127.0.0.1, data in $BANK_DATA_DIR, default ./data):
          up                         build (Release) and start the 4 silos; return when they serve
          down                       stop every silo (SIGTERM, then SIGKILL after {{(long)layout.StopTimeout.TotalSeconds}}s)
          status                     each silo: name, role, process state, pid, cluster view
          silo kill|stop|start NAME  SIGKILL / graceful stop / start one silo
                                     (NAME: {{layout.NameList}})
          test [dotnet test args]    run the whole test suite
          compose-secrets            create secrets/ for docker-compose.yml (database password,
                                     session key, operator token, cluster CA and certificate;
                                     existing files are kept)
          dashboard-screenshot OUT.png
                                     headless-chromium screenshot of the dashboard (cluster up)
          chaos --scenario NAME [--duration S] [--seed N] [--json]
                                     fault campaign run on its own cluster (docs/reliability.md)
          bench [options]            benchmark (starts the cluster if it is not running); --help for options

        Everything else is a client command, e.g.:
          ./bank admin status [--json]
          ./bank --help              the client's commands and global options

        Exit codes: 0 ok, 1 error, 2 bad usage, 4 cluster unavailable (see README.md).

        """.ReplaceLineEndings("\n");
}
