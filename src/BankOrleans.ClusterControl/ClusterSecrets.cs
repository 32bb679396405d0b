using System.Security.Cryptography;

namespace BankOrleans.ClusterControl;

/// <summary>
/// A cluster's secrets, generated once per directory and readable by this user only: the session
/// key, the operator token, and (made by the built silo, <c>--make-certificates</c>) the cluster CA
/// and certificate. Existing files are kept.
/// </summary>
public static class ClusterSecrets
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan CertificateLimit = TimeSpan.FromMinutes(2);

    /// <summary>Makes whichever secrets are missing in <paramref name="directory"/> (0700).</summary>
    /// <exception cref="ClusterExitException">Exit 1: the silo could not make the TLS files; the message is its output.</exception>
    public static async Task MakeAsync(ClusterLayout layout, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        WriteIfMissing(Path.Combine(directory, "session-key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        WriteIfMissing(Path.Combine(directory, "operator-token"), UrlToken(24));
        var (exitCode, output) = await ChildProcess.CaptureAsync(
            ["dotnet", layout.SiloDll, "--make-certificates", directory], layout.Root, null, mergeStderr: true, CertificateLimit, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new ClusterExitException(ExitCodes.Error, output.TrimEnd('\n'));
        }
    }

    /// <summary><paramref name="bytes"/> random bytes as unpadded base64url (what <c>base64 | tr '+/' '-_' | tr -d '='</c> gives).</summary>
    public static string UrlToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>Writes <paramref name="value"/> and a newline to <paramref name="file"/> (0600) unless it exists and is not empty.</summary>
    public static void WriteIfMissing(string file, string value)
    {
        if (File.Exists(file) && new FileInfo(file).Length > 0)
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options);
        writer.Write(value + "\n");
    }
}
