using BankOrleans.ClusterControl;

namespace BankOrleans.ClusterTool;

/// <summary>
/// <c>./bank compose-secrets</c>: the Docker secrets docker-compose.yml mounts, in the git- and
/// docker-ignored <c>secrets/</c>. The silos run as uid 10001 and read the mounted files through
/// their group (group_add: BANK_SECRETS_GID), so those are 0640; the CA's key is mounted nowhere
/// and stays 0600.
/// </summary>
internal static class ComposeSecrets
{
    private const UnixFileMode GroupReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public static async Task RunAsync(LocalCluster cluster, TextWriter output, TextWriter errors)
    {
        var layout = cluster.Layout;
        var dir = Path.Combine(layout.Root, "secrets");
        await cluster.BuildAsync(layout.SiloProject, errors).ConfigureAwait(false);   // the silo executable makes the TLS files
        await cluster.MakeSecretsAsync(dir).ConfigureAwait(false);
        ClusterSecrets.WriteIfMissing(Path.Combine(dir, "pg-password"), ClusterSecrets.UrlToken(24));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, GroupReadable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
            foreach (var file in new[] { "pg-password", "session-key", "operator-token", "cluster.key" })
            {
                File.SetUnixFileMode(Path.Combine(dir, file), GroupReadable);
            }
        }

        var (_, gidText) = await ChildProcess.CaptureAsync(["stat", "-c", "%g", Path.Combine(dir, "session-key")], layout.Root, null, mergeStderr: false, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var gid = gidText.Trim();
        await output.WriteLineAsync($"secrets for docker-compose.yml in {dir} (pg-password, session-key, operator-token, cluster-ca.crt, cluster-ca.key, cluster.crt, cluster.key)").ConfigureAwait(false);
        await output.WriteLineAsync($"the silos read them as group {gid}: export BANK_SECRETS_GID={gid} before docker compose up").ConfigureAwait(false);
    }
}
